// The survey-round admin page's pure parts (web/src/admin/waves): times on the plant's clock whatever the browser's
// zone, and the request bodies a form draft makes — only the changed fields for a reschedule.
import { describe, expect, it } from "vitest";
import { draftOf, newWaveBody, scheduleBody } from "../../web/src/admin/waves/draft";
import {
  fromPlantInput,
  offsetLabel,
  showPlantTime,
  toPlantInput,
} from "../../web/src/admin/waves/plantTime";
import { problemText } from "../../web/src/admin/waves/problemText";
import type { AdminWave } from "../../web/src/admin/waves/wavesApi";

describe("plant time", () => {
  it.each([
    [480, "UTC+08:00"],
    [0, "UTC+00:00"],
    [-330, "UTC-05:30"],
  ])("labels an offset of %i minutes %s", (minutes, label) => {
    expect(offsetLabel(minutes)).toBe(label);
  });

  it("turns an instant into a Beijing input value and back, midnight across the UTC date", () => {
    expect(toPlantInput("2026-12-31T16:00:00.000Z", 480)).toBe("2027-01-01T00:00");
    expect(fromPlantInput("2027-01-01T00:00", 480)).toBe("2027-01-01T00:00:00+08:00");
    expect(new Date(fromPlantInput("2027-01-01T00:00", 480) ?? "").toISOString()).toBe(
      "2026-12-31T16:00:00.000Z",
    );
    expect(showPlantTime("2026-11-02T08:05:00.000Z", 480)).toBe("2026-11-02 16:05");
  });

  it.each(["", "2027-01-01", "2027-01-01T24:99", "tomorrow"])("refuses %j as an input time", (value) => {
    expect(fromPlantInput(value, 480)).toBeNull();
  });
});

const wave: AdminWave = {
  id: "w1",
  surveyId: "plant-satisfaction",
  surveyVersion: 1,
  title: "2027年第一季度",
  periodStart: "2027-01-01",
  periodEnd: "2027-03-31",
  opensAt: "2026-12-31T16:00:00.000Z",
  closesAt: "2027-01-31T16:00:00.000Z",
  channels: ["paper", "online"],
  status: "scheduled",
  responses: 0,
  actions: ["schedule", "open"],
};

describe("request bodies from a draft", () => {
  it("makes POST /api/waves' body with the plant offset on both times", () => {
    expect(newWaveBody({ ...draftOf(wave, 480), surveyVersion: "" }, 480)).toEqual({
      surveyId: "plant-satisfaction",
      title: "2027年第一季度",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2027-01-01T00:00:00+08:00",
      closesAt: "2027-02-01T00:00:00+08:00",
      channels: ["online", "paper"],
    });
  });

  it.each([
    ["no title", { title: "  " }, "missing"],
    ["no channel", { channels: [] }, "missing"],
    ["no close time", { closesAt: "" }, "badTime"],
  ])("asks for what is missing: %s", (_what, change, problem) => {
    expect(newWaveBody({ ...draftOf(wave, 480), ...change }, 480)).toBe(problem);
  });

  it("sends a reschedule only the fields that changed (channel order is no change)", () => {
    const draft = draftOf(wave, 480);
    expect(scheduleBody(draft, wave, 480)).toEqual({});
    expect(scheduleBody({ ...draft, closesAt: "2027-02-15T18:00", title: "Q1" }, wave, 480)).toEqual({
      title: "Q1",
      closesAt: "2027-02-15T18:00:00+08:00",
    });
  });

  it("sends a title-only edit of a round whose times have seconds as the title alone", () => {
    // Opened early at 08:05:37 (open now takes the moment): the input shows 16:05, without the seconds.
    const opened = { ...wave, opensAt: "2026-12-31T08:05:37.000Z", closesAt: "2027-01-31T16:00:30.000Z" };
    const draft = draftOf(opened, 480);
    expect(scheduleBody({ ...draft, title: "Q1" }, opened, 480)).toEqual({ title: "Q1" });
    expect(scheduleBody({ ...draft, opensAt: "2026-12-31T16:10" }, opened, 480)).toEqual({
      opensAt: "2026-12-31T16:10:00+08:00",
    });
  });
});

describe("refusals in the admin's language", () => {
  const server = (code: string, message = "The server's English sentence.") => ({ code, message });

  it.each([
    ["invalid_request", "请求内容有误，未作任何更改。请检查填写的内容后重试。"],
    ["internal_error", "服务器出错，未作任何更改。请稍后再试。"],
    ["storage_unavailable", "暂时无法保存，未作任何更改。请稍后再试。"],
    ["not_found", "未找到所请求的内容，请刷新页面后重试。"],
    ["http_502", "服务器返回错误（HTTP 502），未作任何更改。请稍后再试。"],
    ["network_error", "无法连接服务器，请检查网络。"],
    ["some_new_code", "操作未成功（some_new_code），未作任何更改。请刷新页面后重试。"],
  ])("says %s in Chinese, never the server's English", (code, text) => {
    expect(problemText("zh-cn", server(code))).toBe(text);
  });

  it("keeps the server's own sentence in English, but words a proxy's bare status", () => {
    expect(problemText("en", server("invalid_request"))).toBe("The server's English sentence.");
    expect(problemText("en", server("http_502", "Bad Gateway"))).toBe(
      "The server answered with an error (HTTP 502); nothing was changed. Try again in a moment.",
    );
  });

  it("does not say a round refused as not scheduled has opened: it may have closed", () => {
    expect(problemText("zh-cn", server("wave_not_scheduled"))).toBe(
      "只有尚未开始的批次可以修改安排：进行中的批次可延期或结束，已结束的批次延期即可重新开放。",
    );
    expect(problemText("zh-cn", { ...server("wave_has_responses"), path: "channels" })).toBe(
      "收集渠道: 该批次已有答卷（提前录入的纸质问卷），不能更换问卷版本，也不能去掉这些答卷使用的渠道。",
    );
  });
});

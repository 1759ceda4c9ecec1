// The tables behind a report as an XLSX workbook: headline, topics this round against the last, child units ×
// topics, response rates, topic trend. Hidden cells stay empty, never zero.
import ExcelJS from "exceljs";
import { type Label, labelText } from "../../analytics/query";
import type { ReportData } from "../../analytics/report";

type Lang = "zh-cn" | "en";
const text = labelText;

export async function reportXlsx(
  report: ReportData,
  unitNames: Map<string, Label>,
  lang: Lang,
): Promise<Uint8Array> {
  const zh = lang === "zh-cn";
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "minyi";
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
    ws.columns.forEach((c) => {
      c.width = 18;
    });
  };
  const unit = (id: string) => text(unitNames.get(id), lang, id);
  const topic = (id: string) => text(report.labels.topics[id], lang, id);
  const wave = (id: string) => text(report.labels.waves[id], lang, id);
  const h = report.headline;
  sheet(
    zh ? "概况" : "Headline",
    [zh ? "指标" : "Figure", zh ? "本期" : "This round", zh ? "变化" : "Change"],
    [
      [zh ? "答卷数" : "Responses", h.responses, null],
      [zh ? "编制人数" : "Headcount", h.headcount, null],
      [zh ? "满意度指数" : "Index", h.index, h.change.index],
      [zh ? "满意率" : "Favourable", h.favourable, h.change.favourable],
      ["eNPS", h.enps, h.change.enps],
    ],
  );
  sheet(
    zh ? "主题" : "Topics",
    [
      zh ? "主题" : "Topic",
      "n",
      zh ? "指数" : "Index",
      zh ? "满意率" : "Favourable",
      zh ? "满意率变化" : "Change",
      zh ? "显著" : "Significant",
    ],
    report.dashboard.topics.results.map((r) => [
      topic(r.dimensions.topic as string),
      r.n,
      r.measures.index ?? null,
      r.measures.favourable ?? null,
      r.comparison?.change.favourable ?? null,
      r.comparison?.significant.favourable == null ? null : r.comparison.significant.favourable ? 1 : 0,
    ]),
  );
  const heat = report.dashboard.heatmap;
  if (heat) {
    const dim = heat.query.dimensions?.[0] as string;
    sheet(
      zh ? "单位×主题" : "Units x topics",
      [zh ? "单位" : "Unit", zh ? "主题" : "Topic", "n", zh ? "指数" : "Index"],
      heat.results.map((r) => [
        unit(r.dimensions[dim] as string),
        topic(r.dimensions.topic as string),
        r.n,
        r.measures.index ?? null,
      ]),
    );
  }
  sheet(
    zh ? "参与率" : "Response rate",
    [
      zh ? "单位" : "Unit",
      zh ? "答卷数" : "Responses",
      zh ? "编制人数" : "Headcount",
      zh ? "参与率" : "Rate",
    ],
    report.dashboard.responseRate.map((r) => [
      unit(r.unitId),
      r.responses,
      r.headcount,
      r.headcount > 0 ? r.responses / r.headcount : null,
    ]),
  );
  sheet(
    zh ? "趋势" : "Trend",
    [zh ? "批次" : "Round", zh ? "主题" : "Topic", "n", zh ? "指数" : "Index", zh ? "满意率" : "Favourable"],
    report.dashboard.trend.results.map((r) => [
      wave(r.dimensions.wave as string),
      topic(r.dimensions.topic as string),
      r.n,
      r.measures.index ?? null,
      r.measures.favourable ?? null,
    ]),
  );
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

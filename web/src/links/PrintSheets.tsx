// What gets printed: one A4 sheet per unit (QR code, short link, the anonymity promise, the round's window) and
// single-use slips, many to a page. Both carry Chinese and English whatever the screen language is.
import type { Wave } from "../api";
import { formatDateTime } from "../i18n";
import type { IssuedTokens, UnitLink } from "../staff/api";
import { QrCode } from "./QrCode";

function windowText(wave: Wave) {
  const zh = `${formatDateTime(wave.opensAt, "zh-cn")} – ${formatDateTime(wave.closesAt, "zh-cn")}`;
  const en = `${formatDateTime(wave.opensAt, "en")} – ${formatDateTime(wave.closesAt, "en")}`;
  return { zh, en };
}

/** The short link without the scheme, as people type it into a browser. */
const typed = (url: string) => url.replace(/^https?:\/\//, "");

/** `needsSlip`: the unit issued slips for the round, so its sheet's link alone cannot be used to answer. */
export function UnitSheet({ wave, link, needsSlip }: { wave: Wave; link: UnitLink; needsSlip: boolean }) {
  const when = windowText(wave);
  return (
    <article className="sheet" data-testid="sheet" data-unit={link.unitId}>
      <p className="sheet-wave">{wave.title}</p>
      <h2 className="sheet-unit" lang="zh-CN">
        {link.pathName["zh-cn"]}
      </h2>
      <p className="sheet-unit-en" lang="en">
        {link.pathName.default}
      </p>
      {needsSlip && (
        <p className="sheet-slip-needed" data-testid="sheet-slip-needed">
          <span lang="zh-CN">需凭邀请条填写：请扫描你自己邀请条上的二维码。</span>
          <br />
          <span lang="en">Slip needed: scan the QR code on your own invitation slip.</span>
        </p>
      )}
      <QrCode className="sheet-qr" text={link.url} label={`QR: ${link.url}`} />
      <p className="sheet-how" lang="zh-CN">
        用手机扫描二维码，或在浏览器中输入：
      </p>
      <p className="sheet-how-en" lang="en">
        Scan with your phone, or type into a browser:
      </p>
      <p className="sheet-link" data-testid="sheet-link">
        {typed(link.url).replace(/\/l\/.*$/, "/l/")}
        <wbr />
        {link.code}
      </p>
      <p className="sheet-anonymity" lang="zh-CN">
        本调查匿名填写：不记录姓名、工号、IP 地址或设备信息；结果只按 5
        人以上的群体统计，任何人都看不到你个人的答案。
      </p>
      <p className="sheet-anonymity-en" lang="en">
        Anonymous: no name, staff number, IP address or device is recorded, and results are shown only for
        groups of 5 or more.
      </p>
      <p className="sheet-window">
        <span lang="zh-CN">填写时间：{when.zh}</span>
        <br />
        <span lang="en">Open: {when.en}</span>
      </p>
    </article>
  );
}

/** A token grouped in fours, as it is easiest to read off a slip. */
const grouped = (token: string) => token.replace(/(.{4})(?=.)/g, "$1 ");

export function Slips({ wave, issued, unitName }: { wave: Wave; issued: IssuedTokens; unitName: string }) {
  return (
    <div className="slips" data-testid="slips">
      {issued.tokens.map((t) => (
        <article className="slip" key={t.token}>
          <QrCode className="slip-qr" text={t.url} label={`QR: ${typed(t.url)}`} />
          <div className="slip-text">
            <p className="slip-wave">{wave.title}</p>
            <p className="slip-unit">{unitName}</p>
            <p className="slip-token">{grouped(t.token)}</p>
            <p className="slip-link">{typed(t.url)}</p>
            <p className="slip-note">
              <span lang="zh-CN">匿名填写，本条只能提交一次。</span>
              <br />
              <span lang="en">Anonymous; good for one response.</span>
            </p>
          </div>
        </article>
      ))}
    </div>
  );
}

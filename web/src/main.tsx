// Entry: a small router. Each page is a lazy chunk so the respondent route /s/:waveId downloads only
// respondent code — the workbench, dashboard and their charts must never load there (DESIGN.md budget).
import "./styles.css";
import { type ComponentType, lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { LangProvider, useI18n } from "./i18n";
import { Shell } from "./Shell";

const page = <K extends string, P>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const FillPage = page(() => import("./fill/FillPage"), "FillPage");
const HomePage = page(() => import("./pages/HomePage"), "HomePage");
const NotFoundPage = page(() => import("./pages/NotFoundPage"), "NotFoundPage");
const LoginPage = page(() => import("./staff/LoginPage"), "LoginPage");
const AccountPage = page(() => import("./staff/AccountPage"), "AccountPage");
const AccountsPage = page(() => import("./admin/AccountsPage"), "AccountsPage");
const AuditPage = page(() => import("./admin/AuditPage"), "AuditPage");
const OrganisationPage = page(() => import("./admin/organisation/OrganisationPage"), "OrganisationPage");
const ExplorePage = page(() => import("./explore/ExplorePage"), "ExplorePage");
const ReportPage = page(() => import("./report/ReportPage"), "ReportPage");
const CommentsPage = page(() => import("./explore/CommentsPage"), "CommentsPage");
const ProgressPage = page(() => import("./overview/OverviewPages"), "ProgressPage");
const DashboardPage = page(() => import("./dashboard/DashboardPage"), "DashboardPage");
const CasesPage = page(() => import("./cases/CasesPage"), "CasesPage");
const SupervisionPage = page(() => import("./cases/SupervisionPage"), "SupervisionPage");
const CasePage = page(() => import("./cases/CasePage"), "CasePage");
const KioskPage = page(() => import("./kiosk/KioskPage"), "KioskPage");
const KioskChooser = page(() => import("./kiosk/KioskChooser"), "KioskChooser");
const LinksPage = page(() => import("./links/LinksPage"), "LinksPage");
const ShortLinkPage = page(() => import("./fill/ShortLinkPage"), "ShortLinkPage");
const PaperFormPage = page(() => import("./paper/PaperFormPage"), "PaperFormPage");
const PaperImportPage = page(() => import("./paper/ImportPage"), "ImportPage");
const KeyingPage = page(() => import("./paper/KeyingPage"), "KeyingPage");
const ReceiptPage = page(() => import("./receipts/ReceiptPage"), "ReceiptPage");
const BoardPage = page(() => import("./board/BoardPage"), "BoardPage");
const WavesAdminPage = page(() => import("./admin/waves/WavesPage"), "WavesPage");
const CataloguesPage = page(() => import("./admin/settings/CataloguesPage"), "CataloguesPage");
const SettingsPage = page(() => import("./admin/settings/SettingsPage"), "SettingsPage");
const SurveysPage = page(() => import("./admin/surveys/SurveysPage"), "SurveysPage");
const TaggingPage = page(() => import("./admin/surveys/TaggingPage"), "TaggingPage");
const SurveyPreviewPage = page(() => import("./admin/surveys/PreviewPage"), "PreviewPage");

// Staff pages by exact path (a trailing slash is forgiven).
const staffPages: Record<string, ComponentType> = {
  "/login": LoginPage,
  "/account": AccountPage,
  "/admin": AccountsPage,
  "/admin/audit": AuditPage,
  "/admin/organisation": OrganisationPage,
  "/explore": ExplorePage,
  "/progress": ProgressPage,
  "/comments": CommentsPage,
  "/report": ReportPage,
  "/dashboard": DashboardPage,
  "/cases": CasesPage,
  "/cases/supervision": SupervisionPage,
  "/admin/links": LinksPage,
  "/admin/import": PaperImportPage,
  "/admin/keying": KeyingPage,
  "/admin/waves": WavesAdminPage,
  "/admin/catalogues": CataloguesPage,
  "/admin/settings": SettingsPage,
  "/admin/surveys": SurveysPage,
};

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

// Links between pages are plain <a href>: respondents rarely move between routes, so a full load is fine and
// the router needs no history handling.
function Route({ pathname }: { pathname: string }) {
  const fill = /^\/s\/([^/]+)\/?$/.exec(pathname);
  const waveId = fill?.[1] ? safeDecode(fill[1]) : null;
  if (waveId) return <FillPage waveId={waveId} />;
  const kiosk = /^\/kiosk\/([^/]+)\/?$/.exec(pathname);
  const kioskWaveId = kiosk?.[1] ? safeDecode(kiosk[1]) : null;
  if (kioskWaveId) return <KioskPage waveId={kioskWaveId} />;
  if (/^\/kiosk\/?$/.test(pathname)) return <KioskChooser />;
  // /l/<code>: the server redirects known codes itself; what reaches the app is a code it did not know.
  const short = /^\/l\/([^/]+)\/?$/.exec(pathname);
  const code = short?.[1] ? safeDecode(short[1]) : null;
  if (code) return <ShortLinkPage code={code} />;
  const paper = /^\/print\/paper\/([^/]+)\/?$/.exec(pathname);
  const paperWaveId = paper?.[1] ? safeDecode(paper[1]) : null;
  if (paperWaveId) return <PaperFormPage waveId={paperWaveId} />;
  if (pathname === "/") return <HomePage />;
  // The writer's receipt page and the public board: no sign-in, the code itself is the key.
  const receipt = /^\/r\/([^/]+)\/?$/.exec(pathname);
  const receiptCode = receipt?.[1] ? safeDecode(receipt[1]) : null;
  if (receiptCode) return <ReceiptPage receipt={receiptCode} />;
  if (/^\/r\/?$/.test(pathname)) return <ReceiptPage receipt={null} />;
  if (/^\/board\/?$/.test(pathname)) return <BoardPage />;
  // /admin/surveys/<id>/<version>/tagging or /preview: one questionnaire version.
  const surveyPage = /^\/admin\/surveys\/([^/]+)\/(\d+)\/(tagging|preview)\/?$/.exec(pathname);
  const surveyId = surveyPage?.[1] ? safeDecode(surveyPage[1]) : null;
  if (surveyId && surveyPage) {
    const version = Number(surveyPage[2]);
    if (surveyPage[3] === "tagging") return <TaggingPage surveyId={surveyId} version={version} />;
    return <SurveyPreviewPage surveyId={surveyId} version={version} />;
  }
  const Staff = staffPages[pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname];
  if (Staff) return <Staff />;
  // /cases/<id> or /cases/<number> (承办单号): one case; after the exact staff paths, so /cases/supervision stays.
  const oneCase = /^\/cases\/([^/]+)\/?$/.exec(pathname);
  const caseRef = oneCase?.[1] ? safeDecode(oneCase[1]) : null;
  if (caseRef) return <CasePage caseRef={caseRef} />;
  return <NotFoundPage />;
}

function Loading() {
  const { t } = useI18n();
  return <p className="notice">{t.loading}</p>;
}

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <LangProvider>
      {/* A kiosk's respondents must not wander off: no link out of it in the header. */}
      <Shell homeLink={!location.pathname.startsWith("/kiosk")}>
        <Suspense fallback={<Loading />}>
          <Route pathname={location.pathname} />
        </Suspense>
      </Shell>
    </LangProvider>
  </StrictMode>,
);

// Security headers for every answer, with a Content-Security-Policy the built app runs under: scripts and styles
// from this origin only (SurveyJS sets inline style attributes, hence 'unsafe-inline' for styles alone).
import { secureHeaders } from "hono/secure-headers";

export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      // Questionnaires designed elsewhere may show pictures from their own hosts (image, imagepicker questions).
      imgSrc: ["'self'", "data:", "blob:", "https:"],
      // …and videos (image questions and image pickers with contentMode "video").
      mediaSrc: ["'self'", "data:", "blob:", "https:"],
      fontSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: "no-referrer",
    // The fill page loads nothing cross-origin that would need CORP relaxations.
    crossOriginEmbedderPolicy: false,
  });
}

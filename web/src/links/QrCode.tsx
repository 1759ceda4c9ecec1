// A QR code as inline SVG drawn from the `qrcode` package's module matrix: crisp at any print size, and no
// innerHTML (the page's CSP and React both stay happy). The encoded text is what a phone camera opens.
import QRCode from "qrcode";
import { useMemo } from "react";

export function QrCode({ text, label, className }: { text: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    // "M" survives a crease or a smudge on a sheet pinned to a station's notice board.
    const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
    let d = "";
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) {
        if (modules.get(y, x)) d += `M${x} ${y}h1v1h-1z`;
      }
    }
    return { size: modules.size, path: d };
  }, [text]);
  const quiet = 4; // the quiet zone scanners need around the code
  return (
    <svg
      className={className}
      viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`}
      role="img"
      aria-label={label}
      data-testid="qr"
      data-text={text}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

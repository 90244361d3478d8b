// A QR code as SVG, drawn from the qrcode package's module matrix (error correction M, the
// four-module quiet zone inside the drawing), sized by its container.
import QRCode from 'qrcode';
import { useMemo } from 'react';

const QUIET = 4;

export function LabelQr({ text, title }: { text: string; title: string }) {
  const { size, d } = useMemo(() => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let path = '';
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) path += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
    return { size: n + 2 * QUIET, d: path };
  }, [text]);
  return (
    <svg
      className="label-qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={title}
      data-qr={text}
      shapeRendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

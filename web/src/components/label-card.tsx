// One label at true size: the finished-goods or inbound-lot template, the QR code with its
// human-readable AI text, and the note when the QR holds the trace link instead of a Digital Link.
import type { Label, LabelTemplate } from '../api/labels.ts';
import { formatQty } from '../format.ts';
import { LabelQr } from './label-qr.tsx';
import type { LabelSize } from './label-sizes.ts';

const KEY_NAME: Record<Label['kind'], string> = { lot: 'Lot', unit: 'Serial', container: 'Container' };

function Fact({ name, value }: { name: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div className="label-fact">
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function LabelCard({
  label,
  template,
  size,
  gs1128,
}: {
  label: Label;
  template: LabelTemplate;
  size: LabelSize;
  /** print the GS1-128 order line under the AI text */
  gs1128: boolean;
}) {
  const inbound = template === 'inbound-lot';
  const shape = size.heightMm > size.widthMm ? 'tall' : 'wide';
  const small = size.widthMm < 80;
  const title = label.materialName ?? label.code;
  const qty = label.quantity === null ? null : formatQty(label.quantity, label.uom);
  // The QR code as large as the label allows beside (wide) or under (tall) the text.
  const qrMm =
    shape === 'wide'
      ? Math.min(size.heightMm - (small ? 9 : 12), size.widthMm * 0.45)
      : Math.min(size.widthMm - 16, size.heightMm * 0.4);
  return (
    <article
      className={`label label--${shape}${small ? ' label--small' : ''} label--${template}`}
      style={{ width: size.width, height: size.height }}
      aria-label={`Label ${label.code}`}
      data-label-id={label.id}
    >
      <div className="label-text">
        {inbound && <p className="label-kicker">Incoming material</p>}
        <p className="label-title">{title}</p>
        <p className="label-code">
          <span className="label-code-name">{label.sscc ? 'SSCC' : KEY_NAME[label.kind]}</span>{' '}
          <strong>{label.sscc ?? label.code}</strong>
        </p>
        <dl className="label-facts">
          {inbound && <Fact name="Supplier" value={label.supplier?.name ?? label.supplier?.id} />}
          {inbound && <Fact name="Supplier lot" value={label.supplierLot} />}
          <Fact name="Quantity" value={qty} />
          <Fact name={inbound ? 'Expiry' : 'Use by'} value={label.expiry} />
          {!inbound && <Fact name="Made" value={label.productionDate} />}
          <Fact name="GTIN" value={label.gtin} />
          {label.serial && label.code !== label.serial && <Fact name="Serial" value={label.serial} />}
        </dl>
        {shape === 'tall' && label.contents.length > 0 && (
          <ul className="label-contents" aria-label="Contents">
            {label.contents.slice(0, 8).map((c) => (
              <li key={c.id}>
                {c.materialName ? `${c.materialName} ` : ''}
                {c.code}
                {c.qty !== null ? ` · ${formatQty(c.qty, c.uom)}` : ''}
              </li>
            ))}
            {label.contents.length > 8 && <li>and {label.contents.length - 8} more</li>}
          </ul>
        )}
      </div>
      <figure className="label-symbol" style={{ width: `${qrMm}mm` }}>
        <LabelQr
          text={label.qr}
          title={label.qrKind === 'digital-link' ? `GS1 Digital Link ${label.qr}` : `Trace link ${label.qr}`}
        />
        <figcaption>
          {label.hri && <span className="label-hri">{label.hri}</span>}
          {gs1128 && label.gs1128 && label.gs1128 !== label.hri && (
            <span className="label-gs1128">{label.gs1128}</span>
          )}
          {label.qrKind === 'trace-link' && (
            <span className="label-note">
              {label.kind === 'container' ? 'No SSCC' : 'No GTIN'}: scan to trace in Lotgraph
            </span>
          )}
        </figcaption>
      </figure>
    </article>
  );
}

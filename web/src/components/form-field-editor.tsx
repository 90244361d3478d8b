// The settings of one field in the form editor: label, name, type, required, help and what its
// type has (unit and range, length, options, accepted files, scan kind). A standard field of a
// step keeps its name and type; everything else is the admin's to change.
import { useId } from 'react';
import { FIELD_TYPES, type FieldDef, type FieldType, type ScanKind } from '../api/forms.ts';

export const TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  choice: 'Choice',
  date: 'Date',
  boolean: 'Yes / no',
  file: 'Photo or file',
  scan: 'Scanned code',
};
const SCAN_KINDS: ScanKind[] = ['lot', 'unit', 'container', 'object', 'text'];

/** A field's settings without what its (new) type does not have. */
export function retype(f: FieldDef, type: FieldType): FieldDef {
  const base: FieldDef = { name: f.name, label: f.label, type };
  if (f.required) base.required = true;
  if (f.help) base.help = f.help;
  if (type === 'choice') base.options = f.options?.length ? f.options : [{ value: 'yes', label: 'Yes' }];
  if (type === 'scan') base.scanKind = 'lot';
  if (type === 'file') base.accept = ['image'];
  return base;
}

/** A camelCase field name from a label: "ESD wrist-strap test" -> "esdWristStrapTest". */
export function nameFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const name = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return /^[a-z]/.test(name) ? name.slice(0, 63) : `f${name}`.slice(0, 63);
}

const num = (s: string): number | undefined => {
  if (s.trim() === '') return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
};

interface Props {
  field: FieldDef;
  onChange: (f: FieldDef) => void;
  /** problems the API named for this field, by setting (`max`, `options.1.value`, …) */
  problems: Map<string, string>;
  /** whether the name still follows the label (a new field) */
  nameFollowsLabel: boolean;
}

export function FormFieldEditor({ field: f, onChange, problems, nameFollowsLabel }: Props) {
  const id = useId();
  const set = (patch: Partial<FieldDef>) => {
    const next: FieldDef = { ...f, ...patch };
    for (const k of Object.keys(patch) as (keyof FieldDef)[]) if (patch[k] === undefined) delete next[k];
    onChange(next);
  };
  const err = (k: string) =>
    problems.get(k) ? (
      <p className="field-error form-field-error" id={`${id}-${k}-error`}>
        {problems.get(k)}
      </p>
    ) : null;
  const input = (k: string, label: string, el: React.ReactElement, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      {el}
      {hint && <small className="hint">{hint}</small>}
      {err(k)}
    </div>
  );
  const invalid = (k: string) => (problems.has(k) ? { 'aria-invalid': true as const } : {});
  return (
    <div className="form-field-editor">
      <div className="form-editor-row">
        {input(
          'label',
          'Label',
          <input
            id={`${id}-label`}
            value={f.label}
            {...invalid('label')}
            onChange={(e) =>
              set(
                nameFollowsLabel && !f.standard
                  ? { label: e.target.value, name: nameFromLabel(e.target.value) }
                  : { label: e.target.value },
              )
            }
          />,
        )}
        {input(
          'name',
          'Name',
          <input
            id={`${id}-name`}
            value={f.name}
            disabled={f.standard}
            spellCheck={false}
            {...invalid('name')}
            onChange={(e) => set({ name: e.target.value })}
          />,
          f.standard ? 'a standard field of the step' : 'in the data and the event (letters, digits, _)',
        )}
        {input(
          'type',
          'Type',
          <select
            id={`${id}-type`}
            value={f.type}
            disabled={f.standard}
            {...invalid('type')}
            onChange={(e) => onChange(retype(f, e.target.value as FieldType))}
          >
            {FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>,
        )}
      </div>
      <div className="form-editor-row">
        <label className="form-check">
          <input
            type="checkbox"
            checked={!!f.required}
            onChange={(e) => set({ required: e.target.checked || undefined })}
          />
          Required
        </label>
        {err('required')}
        {input(
          'help',
          'Help',
          <input
            id={`${id}-help`}
            value={f.help ?? ''}
            onChange={(e) => set({ help: e.target.value || undefined })}
          />,
        )}
      </div>
      {f.type === 'number' && (
        <div className="form-editor-row">
          {input(
            'unit',
            'Unit',
            <input
              id={`${id}-unit`}
              value={f.unit ?? ''}
              onChange={(e) => set({ unit: e.target.value || undefined })}
            />,
          )}
          {input(
            'min',
            'Minimum',
            <input
              id={`${id}-min`}
              inputMode="decimal"
              defaultValue={f.min ?? ''}
              {...invalid('min')}
              onChange={(e) => set({ min: num(e.target.value) })}
            />,
          )}
          {input(
            'max',
            'Maximum',
            <input
              id={`${id}-max`}
              inputMode="decimal"
              defaultValue={f.max ?? ''}
              {...invalid('max')}
              onChange={(e) => set({ max: num(e.target.value) })}
            />,
          )}
          <label className="form-check">
            <input
              type="checkbox"
              checked={!!f.integer}
              onChange={(e) => set({ integer: e.target.checked || undefined })}
            />
            Whole number
          </label>
        </div>
      )}
      {f.type === 'text' && (
        <div className="form-editor-row">
          {input(
            'maxLength',
            'Longest answer (characters)',
            <input
              id={`${id}-maxLength`}
              inputMode="numeric"
              defaultValue={f.maxLength ?? ''}
              {...invalid('maxLength')}
              onChange={(e) => set({ maxLength: num(e.target.value) })}
            />,
          )}
          <label className="form-check">
            <input
              type="checkbox"
              checked={!!f.multiline}
              onChange={(e) => set({ multiline: e.target.checked || undefined })}
            />
            Several lines
          </label>
        </div>
      )}
      {f.type === 'choice' && (
        <fieldset className="form-options">
          <legend>Options</legend>
          {err('options')}
          {(f.options ?? []).map((o, i) => (
            <div key={i} className="form-editor-row">
              {input(
                `options.${i}.label`,
                `Option ${i + 1} label`,
                <input
                  id={`${id}-options.${i}.label`}
                  value={o.label}
                  onChange={(e) =>
                    set({
                      options: f.options!.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)),
                    })
                  }
                />,
              )}
              {input(
                `options.${i}.value`,
                `Option ${i + 1} value`,
                <input
                  id={`${id}-options.${i}.value`}
                  value={o.value}
                  spellCheck={false}
                  {...invalid(`options.${i}.value`)}
                  onChange={(e) =>
                    set({
                      options: f.options!.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)),
                    })
                  }
                />,
              )}
              <button
                type="button"
                className="small form-editor-remove-option"
                aria-label={`Remove option ${i + 1}`}
                onClick={() => set({ options: f.options!.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </div>
          ))}
          <div className="actions">
            <button
              type="button"
              className="small"
              onClick={() => {
                const n = (f.options?.length ?? 0) + 1;
                set({ options: [...(f.options ?? []), { value: `option${n}`, label: `Option ${n}` }] });
              }}
            >
              Add option
            </button>
            <label className="form-check">
              <input
                type="checkbox"
                checked={!!f.multiple}
                onChange={(e) => set({ multiple: e.target.checked || undefined })}
              />
              Several may be chosen
            </label>
          </div>
        </fieldset>
      )}
      {f.type === 'file' && (
        <div className="form-editor-row">
          {(['image', 'pdf'] as const).map((a) => (
            <label key={a} className="form-check">
              <input
                type="checkbox"
                checked={(f.accept ?? ['image', 'pdf']).includes(a)}
                onChange={(e) => {
                  const now = new Set(f.accept ?? ['image', 'pdf']);
                  if (e.target.checked) now.add(a);
                  else now.delete(a);
                  set({ accept: [...now] as ('image' | 'pdf')[] });
                }}
              />
              {a === 'image' ? 'Photos (PNG, JPEG, WebP, GIF)' : 'PDF'}
            </label>
          ))}
          {err('accept')}
        </div>
      )}
      {f.type === 'scan' && (
        <div className="form-editor-row">
          {input(
            'scanKind',
            'What is scanned',
            <select
              id={`${id}-scanKind`}
              value={f.scanKind ?? 'text'}
              onChange={(e) => set({ scanKind: e.target.value as ScanKind })}
            >
              {SCAN_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k === 'object'
                    ? 'any lot, unit or container'
                    : k === 'text'
                      ? 'any code (kept as text)'
                      : k}
                </option>
              ))}
            </select>,
          )}
        </div>
      )}
    </div>
  );
}

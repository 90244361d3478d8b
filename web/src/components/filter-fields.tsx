// The filter bar of the analytics pages. Each field reads its value from the address and hands
// changes back: a choice at once, a typed text when the user leaves the field or presses Enter.
import { useEffect, useId, useState, type ReactNode } from 'react';

export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <div className="filters" role="group" aria-label="Filters">
      {children}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function FilterSelect({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: string;
  choices: Choice[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterText({
  label,
  value,
  onCommit,
  hint,
  type = 'text',
  placeholder,
}: {
  label: string;
  value: string;
  onCommit: (v: string) => void;
  hint?: string;
  type?: 'text' | 'date';
  placeholder?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  // The address changes on Back, Forward or a link: the field follows.
  useEffect(() => setText(value), [value]);
  const commit = (v: string) => {
    if (v.trim() !== value) onCommit(v.trim());
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          // A date picker's change is a whole date (or none): apply it at once.
          if (type === 'date') commit(e.target.value);
        }}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          }
        }}
      />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

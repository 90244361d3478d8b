// Shows a new token's secret the one time the API sends it, with a copy button and a warning.
import { useEffect, useId, useRef, useState } from 'react';

export function SecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  // Move focus here, so keyboard and screen-reader users land on the secret.
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard access (permission, insecure context): select it for a manual copy.
      input.current?.select();
      setCopied('no');
    }
  };

  return (
    <section className="secret-once" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} ref={heading} tabIndex={-1}>
        New token “{name}”
      </h3>
      <p className="warning">
        <strong>Copy the secret now.</strong> This is the only time it is shown; it cannot be shown again.
        Whoever holds it can use the API with the token owner’s permissions.
      </p>
      <div className="secret-row">
        <label htmlFor={inputId}>Secret</label>
        <input
          id={inputId}
          ref={input}
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'no' && 'The browser refused the clipboard; the secret is selected, copy it by hand.'}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

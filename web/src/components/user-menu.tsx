// The user menu: who is signed in and as what, change password, own API tokens, sign out.
// A disclosure button: Escape or leaving it closes it, and focus returns to the button.
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession, useUser } from '../auth/session.tsx';
import { ChangePasswordDialog } from './change-password-dialog.tsx';
import { ErrorMessage } from './error-message.tsx';

export function UserMenu() {
  const { user } = useUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  // A page change closes the menu.
  useEffect(() => setOpen(false), [location.pathname]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      close(true);
    }
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
  };
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const onSignOut = async () => {
    setSignOutError(null);
    try {
      await signOut();
      navigate('/login', { replace: true });
    } catch (e) {
      setSignOutError(e);
    }
  };

  return (
    <>
      <div className="usermenu" onKeyDown={onKeyDown} onBlur={onBlur}>
        <button
          ref={button}
          type="button"
          className="usermenu-button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="usermenu-name">{user.displayName}</span>{' '}
          <span className="usermenu-role">{user.roleLabel}</span>
        </button>
        <div id={panelId} className="usermenu-panel" hidden={!open}>
          <p className="usermenu-who">
            Signed in as <strong>{user.username}</strong>
            {user.supplierName && <> for {user.supplierName}</>}
          </p>
          <ul>
            <li>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  setPasswordOpen(true);
                }}
              >
                Change password
              </button>
            </li>
            <li>
              <Link to="/tokens">My API tokens</Link>
            </li>
            <li>
              <button type="button" onClick={onSignOut}>
                Sign out
              </button>
            </li>
          </ul>
          <ErrorMessage error={signOutError} />
        </div>
      </div>
      <ChangePasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </>
  );
}

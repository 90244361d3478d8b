// Role and, for a supplier user, the supplier: the supplier list loads only when needed.
import type { RoleOption } from '../api/types.ts';
import { nameOf, useSuppliers } from '../hooks/use-users.ts';
import { ErrorMessage } from './error-message.tsx';
import { SelectField } from './fields.tsx';

export const SUPPLIER_ROLE = 'supplier';

export interface RoleFieldsProps {
  roles: RoleOption[];
  role: string;
  supplierId: string;
  onRole: (role: string) => void;
  onSupplier: (supplierId: string) => void;
}

export function RoleFields({ roles, role, supplierId, onRole, onSupplier }: RoleFieldsProps) {
  const isSupplier = role === SUPPLIER_ROLE;
  const suppliers = useSuppliers(isSupplier);
  return (
    <>
      <SelectField label="Role" required value={role} onChange={(e) => onRole(e.target.value)}>
        <option value="" disabled>
          Choose a role
        </option>
        {roles.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </SelectField>
      {isSupplier && (
        <>
          <SelectField
            label="Supplier"
            required
            value={supplierId}
            onChange={(e) => onSupplier(e.target.value)}
            aria-busy={suppliers.loading}
          >
            <option value="" disabled>
              {suppliers.loading ? 'Loading suppliers…' : 'Choose a supplier'}
            </option>
            {(suppliers.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {nameOf(s)}
              </option>
            ))}
          </SelectField>
          <ErrorMessage error={suppliers.error} />
        </>
      )}
    </>
  );
}

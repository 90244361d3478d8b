// Data for the administration pages: users, roles, suppliers.
import { getUser, listRoles, listSuppliers, listUsers } from '../api/endpoints.ts';
import type { RoleOption, Supplier, User } from '../api/types.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

/** Every user, by user name. */
export function useUsers(): ApiData<User[]> {
  return useApiData(async () => (await listUsers()).users.sort(byUsername), []);
}

/** One user, by id. */
export function useUserById(id: string): ApiData<User> {
  return useApiData(async () => (await getUser(id)).user, [id]);
}

const byUsername = (a: User, b: User) => a.username.localeCompare(b.username);

/** The roles a user can have, with their labels, as the API names them. */
export function useRoles(): ApiData<RoleOption[]> {
  return useApiData(async () => (await listRoles()).roles, []);
}

/** A supplier's name, or its id where the data names none. */
export const nameOf = (s: Supplier): string => s.name ?? s.id;

/** The suppliers a supplier user can belong to, by name; loaded only when asked for. */
export function useSuppliers(wanted: boolean): ApiData<Supplier[]> {
  return useApiData(
    async () =>
      wanted ? (await listSuppliers()).suppliers.sort((a, b) => nameOf(a).localeCompare(nameOf(b))) : [],
    [wanted],
  );
}

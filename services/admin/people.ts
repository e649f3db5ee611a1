import type { authContract } from "../../proto-like-schemas/auth.ts";
import { isUuid } from "../../shared/ids.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";

/** A person as the console shows them: a name and an e-mail beside the id. */
export interface UserRef {
  id: string;
  name: string | null;
  email: string | null;
}

export interface Names {
  /** The person with this id (name and e-mail null when auth does not know it); null for no id. */
  of(id: string | null | undefined): UserRef | null;
}

const BATCH = 500;

/** Looks people up in auth in batches, so a page of fifty rows costs one call, not fifty. */
export function createPeople(auth: RpcClient<typeof authContract>) {
  return {
    async names(ids: Iterable<string | null | undefined>): Promise<Names> {
      const wanted = [...new Set([...ids].filter((id): id is string => typeof id === "string" && isUuid(id)))];
      const known = new Map<string, UserRef>();
      for (let i = 0; i < wanted.length; i += BATCH) {
        const { users } = await auth.getUsers({ userIds: wanted.slice(i, i + BATCH) });
        for (const u of users) known.set(u.id, { id: u.id, name: u.name, email: u.email });
      }
      return { of: (id) => (id ? (known.get(id) ?? { id, name: null, email: null }) : null) };
    },
  };
}
export type People = ReturnType<typeof createPeople>;

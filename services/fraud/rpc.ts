import type { fraudContract } from "../../proto-like-schemas/fraud.ts";
import type { Handlers } from "../../shared/rpc/server.ts";
import type { FraudDeps } from "./setup.ts";

export function fraudRpcHandlers(deps: FraudDeps): Handlers<typeof fraudContract> {
  const { scoring, cases, sanctions } = deps;
  return {
    score: (req) => scoring.score(req),
    listQueue: (req) => cases.listQueue(req),
    getCase: ({ caseId }) => cases.getCase(caseId),
    review: (req, meta) => cases.review(req, meta.deadline),
    sanctionsAdd: ({ userId, reason, adminId }) => sanctions.add(userId, reason, adminId),
    sanctionsRemove: ({ userId, adminId }) => sanctions.remove(userId, adminId),
    sanctionsList: async () => ({ items: await sanctions.list() }),
  };
}

import type { BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { limitsActions, type LimitsActions } from "./actions/limits.ts";
import { moneyActions, type MoneyActions } from "./actions/money.ts";
import { reviewActions, type ReviewActions } from "./actions/reviews.ts";
import { userActions, type UserActions } from "./actions/users.ts";
import { createApprovals, type Approvals, type Runner } from "./approvals.ts";
import type { Clock } from "./clock.ts";
import { resolveLinkSecret, type AdminConfig } from "./config.ts";
import { connectDownstream, type Downstream } from "./downstream.ts";
import { createPeople, type People } from "./people.ts";
import { createRecorder, type Recorder } from "./record.ts";
import { createLedgerCheck, type LedgerCheck } from "./views/overview.ts";

export interface AdminDeps {
  down: Downstream;
  people: People;
  recorder: Recorder;
  approvals: Approvals;
  users: UserActions;
  money: MoneyActions;
  reviews: ReviewActions;
  limits: LimitsActions;
  ledgerCheck: LedgerCheck;
  clock: Clock;
  linkSecret: string;
}

/** Wires the admin service: clients of the services it asks, its recorder, dual control and the actions. */
export function setupAdmin(ctx: ServiceContext<BaseConfig & AdminConfig>, clock: Clock): AdminDeps {
  const down = connectDownstream(ctx.rpc);
  const recorder = createRecorder({ db: ctx.db, emit: ctx.emit });
  const users = userActions(down);
  const money = moneyActions(down);

  // What an approved pending action does, run as the approving admin with both admins on record.
  const run: Runner = (action, approval) => {
    switch (action.kind) {
      case "REVERSE":
        return money.reverse(approval.approvedBy, action.targetId, action.reason, action.params.force === true, approval);
      case "FORCE_COMPLETE":
        return money.forceComplete(approval.approvedBy, action.targetId, action.reason, approval);
      case "PROMOTE":
        return users.setRole(approval.approvedBy, action.targetId, "ADMIN", action.reason, approval);
      default:
        throw new Error(`Unknown pending action kind ${action.kind}`);
    }
  };

  return {
    down,
    people: createPeople(down.auth),
    recorder,
    approvals: createApprovals({ db: ctx.db, clock, recorder, run, ttlMs: ctx.config.ADMIN_APPROVAL_TTL_H * 3600_000, log: ctx.log }),
    users,
    money,
    reviews: reviewActions(down),
    limits: limitsActions(down),
    ledgerCheck: createLedgerCheck(down, clock),
    clock,
    linkSecret: resolveLinkSecret(ctx.config),
  };
}

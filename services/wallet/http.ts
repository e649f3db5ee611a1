import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { limitsResponse } from "../../proto-like-schemas/kyc.ts";
import { id, isoTime } from "../../proto-like-schemas/money.ts";
import { movementKind, walletSummary, type WalletSummary } from "../../proto-like-schemas/wallet.ts";
import { AppError } from "../../shared/errors.ts";
import { createRouter, type AppEnv } from "../../shared/http/app.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import { decodeCursor } from "./domain/cursor.ts";
import { toSummary, walletOf } from "./ledger/accounts.ts";
import { balanceSeries, historyPage } from "./ledger/history.ts";
import type { WalletDeps } from "./setup.ts";
import { json, problem } from "../../shared/http/openapi.ts";

const PREFIX = "/api/v1/wallet";

const walletView = walletSummary.omit({ updatedAt: true });
const walletWithLimits = walletView.extend({ limits: limitsResponse.nullable() });
const historySchema = z.object({
  walletId: id,
  items: z.array(
    z.object({ id, transactionId: id, kind: movementKind, delta: z.number().int(), balanceAfter: z.number().int(), counterpartyId: id.nullable(), createdAt: isoTime }),
  ),
  nextCursor: z.string().nullable(),
});
const seriesSchema = z.object({ days: z.array(z.object({ date: z.string(), balance: z.number().int() })) });


/** The wallet as its owner and the console see it (the contract's summary without updatedAt). */
const view = ({ updatedAt: _, ...rest }: WalletSummary) => rest;

export function buildWalletHttp(deps: WalletDeps, verifier: TokenVerifier) {
  const { ledger } = deps;
  const app = createRouter();
  const authed = requireAuth(verifier);

  /** The caller's own wallet: nobody reads another user's wallet over HTTP, admins included. */
  const own = (c: Context<AppEnv>) => walletOf(ledger.db, c.get("user").id);

  const showWallet = async (c: Context<AppEnv>) => {
    const wallet = await own(c);
    return c.json({ ...view(toSummary(wallet)), limits: await deps.limitsOf(c.get("user").id) }, 200);
  };
  app.openapi(
    createRoute({ method: "get", path: PREFIX, middleware: [authed], description: "The caller's wallet with the limits of their tier (null while kyc cannot answer).", responses: { 200: json(walletWithLimits, "The wallet"), 401: problem, 404: problem } }),
    showWallet,
  );
  app.get(`${PREFIX}/`, authed, showWallet);

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/history`,
      middleware: [authed],
      request: { query: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }) },
      responses: { 200: json(historySchema, "Entries, newest first"), 400: problem, 401: problem, 404: problem },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const after = cursor === undefined ? null : decodeCursor(cursor);
      if (cursor !== undefined && !after) {
        throw new AppError("INVALID_ARGUMENT", "Query has invalid fields: cursor", { fieldErrors: [{ field: "cursor", message: "not a cursor from a previous page" }] });
      }
      const wallet = await own(c);
      return c.json({ walletId: wallet.id, ...(await historyPage(ledger.db, wallet.id, { after, limit })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/balance-series`,
      middleware: [authed],
      request: { query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }) },
      responses: { 200: json(seriesSchema, "Closing balance of each UTC day, oldest first"), 400: problem, 401: problem, 404: problem },
    }),
    async (c) => {
      const wallet = await own(c);
      return c.json({ days: await balanceSeries(ledger.db, wallet.id, c.req.valid("query").days) }, 200);
    },
  );

  return app;
}

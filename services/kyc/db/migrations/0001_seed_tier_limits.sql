-- Initial limits per tier, in cents (transfers per txn/day/month; deposits per txn/day). Admins change them at run time.
INSERT INTO "tier_limits" ("tier", "per_txn_cents", "daily_cents", "monthly_cents", "deposit_per_txn_cents", "deposit_daily_cents") VALUES
	('UNVERIFIED', 5000, 10000, 20000, 5000, 10000),
	('BASIC', 50000, 200000, 1000000, 50000, 200000),
	('VERIFIED', 1000000, 5000000, 20000000, 1000000, 5000000)
ON CONFLICT ("tier") DO NOTHING;

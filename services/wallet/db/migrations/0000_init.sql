CREATE TABLE "entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"movement_id" uuid NOT NULL,
	"wallet_id" uuid NOT NULL,
	"delta" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "entries_delta_check" CHECK ("entries"."delta" <> 0)
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"from_wallet_id" uuid NOT NULL,
	"to_wallet_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'HELD' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holds_status_check" CHECK ("holds"."status" in ('HELD', 'CAPTURED', 'RELEASED')),
	CONSTRAINT "holds_amount_check" CHECK ("holds"."amount" > 0),
	CONSTRAINT "holds_parties_check" CHECK ("holds"."from_wallet_id" <> "holds"."to_wallet_id")
);
--> statement-breakpoint
CREATE TABLE "movements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "movements_kind_check" CHECK ("movements"."kind" in ('CREDIT', 'TRANSFER', 'CAPTURE', 'REVERSAL')),
	CONSTRAINT "movements_amount_check" CHECK ("movements"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text,
	"system_code" text,
	"balance" bigint DEFAULT 0 NOT NULL,
	"held_amount" bigint DEFAULT 0 NOT NULL,
	"recovery_floor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallets_owner_check" CHECK (("wallets"."user_id" is null) <> ("wallets"."system_code" is null)),
	CONSTRAINT "wallets_status_check" CHECK ("wallets"."status" in ('ACTIVE', 'FROZEN', 'CLOSED')),
	CONSTRAINT "wallets_currency_check" CHECK ("wallets"."currency" = 'USD'),
	CONSTRAINT "wallets_held_check" CHECK ("wallets"."held_amount" >= 0),
	CONSTRAINT "wallets_recovery_floor_check" CHECK ("wallets"."recovery_floor" <= 0),
	CONSTRAINT "wallets_balance_check" CHECK ("wallets"."system_code" is not null or "wallets"."balance" - "wallets"."held_amount" >= "wallets"."recovery_floor")
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consumer" text NOT NULL,
	"event_id" text,
	"type" text,
	"subject" text NOT NULL,
	"payload" text NOT NULL,
	"error" text NOT NULL,
	"deliveries" integer NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_movement_id_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."movements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_from_wallet_id_wallets_id_fk" FOREIGN KEY ("from_wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_to_wallet_id_wallets_id_fk" FOREIGN KEY ("to_wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entries_movement_wallet_key" ON "entries" USING btree ("movement_id","wallet_id");--> statement-breakpoint
CREATE INDEX "entries_wallet_time_idx" ON "entries" USING btree ("wallet_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "holds_transaction_key" ON "holds" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "holds_held_from_idx" ON "holds" USING btree ("from_wallet_id") WHERE "holds"."status" = 'HELD';--> statement-breakpoint
CREATE UNIQUE INDEX "movements_transaction_kind_key" ON "movements" USING btree ("transaction_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "movements_one_forward_key" ON "movements" USING btree ("transaction_id") WHERE "movements"."kind" <> 'REVERSAL';--> statement-breakpoint
CREATE UNIQUE INDEX "wallets_user_id_key" ON "wallets" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wallets_system_code_key" ON "wallets" USING btree ("system_code");--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
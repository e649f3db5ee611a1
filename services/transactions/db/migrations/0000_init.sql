CREATE TABLE "idempotency_keys" (
	"user_id" text NOT NULL,
	"key" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"state" text NOT NULL,
	"claim_id" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"transaction_id" uuid,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key"),
	CONSTRAINT "idempotency_keys_state_check" CHECK ("idempotency_keys"."state" in ('IN_FLIGHT', 'DETACHED', 'DONE')),
	CONSTRAINT "idempotency_keys_response_check" CHECK (("idempotency_keys"."state" = 'DONE') = ("idempotency_keys"."response_status" is not null)),
	CONSTRAINT "idempotency_keys_fingerprint_check" CHECK ("idempotency_keys"."fingerprint" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"status_detail" text,
	"sender_id" text NOT NULL,
	"recipient_id" text,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"description" text,
	"category" text,
	"merchant" text,
	"fraud_decision" text,
	"fraud_score" integer,
	"fraud_rules" jsonb,
	"fraud_case_id" text,
	"request_id" text,
	"held_at" timestamp with time zone,
	"reversed_by" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processing_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"swept_at" timestamp with time zone,
	CONSTRAINT "transactions_type_check" CHECK ("transactions"."type" in ('TOPUP', 'TRANSFER', 'SPLIT_PAYMENT', 'REQUEST_PAYMENT')),
	CONSTRAINT "transactions_status_check" CHECK ("transactions"."status" in ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED', 'REVERSED')),
	CONSTRAINT "transactions_category_check" CHECK ("transactions"."category" is null or "transactions"."category" in ('FOOD', 'TRANSPORT', 'ENTERTAINMENT', 'UTILITIES', 'OTHER')),
	CONSTRAINT "transactions_fraud_decision_check" CHECK ("transactions"."fraud_decision" is null or "transactions"."fraud_decision" in ('ALLOW', 'REVIEW', 'BLOCK')),
	CONSTRAINT "transactions_amount_check" CHECK ("transactions"."amount" between 1 and 100000000000),
	CONSTRAINT "transactions_currency_check" CHECK ("transactions"."currency" = 'USD'),
	CONSTRAINT "transactions_recipient_check" CHECK (("transactions"."type" = 'TOPUP') = ("transactions"."recipient_id" is null) and "transactions"."recipient_id" is distinct from "transactions"."sender_id"),
	CONSTRAINT "transactions_description_check" CHECK (char_length("transactions"."description") <= 500),
	CONSTRAINT "transactions_merchant_check" CHECK (char_length("transactions"."merchant") <= 255),
	CONSTRAINT "transactions_held_check" CHECK ("transactions"."held_at" is null or "transactions"."fraud_decision" = 'REVIEW'),
	CONSTRAINT "transactions_completed_at_check" CHECK (("transactions"."completed_at" is not null) = ("transactions"."status" in ('COMPLETED', 'REVERSED')))
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
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "transactions_sender_idx" ON "transactions" USING btree ("sender_id","created_at","id");--> statement-breakpoint
CREATE INDEX "transactions_recipient_idx" ON "transactions" USING btree ("recipient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "transactions_created_idx" ON "transactions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "transactions_unsettled_idx" ON "transactions" USING btree ("updated_at") WHERE "transactions"."status" in ('PENDING', 'PROCESSING');--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
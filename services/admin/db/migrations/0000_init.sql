CREATE TABLE "pending_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"target_id" text NOT NULL,
	"target_user_ids" text[] NOT NULL,
	"amount" bigint,
	"params" jsonb NOT NULL,
	"reason" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp (3) with time zone,
	"rejection_reason" text,
	"run_lease_until" timestamp (3) with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"executed_at" timestamp (3) with time zone,
	"result" jsonb,
	"error_code" text,
	"error_message" text,
	CONSTRAINT "pending_actions_kind_check" CHECK ("pending_actions"."kind" in ('REVERSE', 'FORCE_COMPLETE', 'PROMOTE')),
	CONSTRAINT "pending_actions_status_check" CHECK ("pending_actions"."status" in ('PENDING', 'APPROVED', 'EXECUTED', 'FAILED', 'REJECTED', 'EXPIRED')),
	CONSTRAINT "pending_actions_four_eyes_check" CHECK ("pending_actions"."decided_by" is distinct from "pending_actions"."requested_by"),
	CONSTRAINT "pending_actions_decided_check" CHECK (("pending_actions"."status" in ('PENDING', 'EXPIRED')) = ("pending_actions"."decided_by" is null)),
	CONSTRAINT "pending_actions_reason_check" CHECK (char_length("pending_actions"."reason") between 1 and 1000)
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
CREATE UNIQUE INDEX "pending_actions_open_target_key" ON "pending_actions" USING btree ("target_id") WHERE "pending_actions"."status" in ('PENDING', 'APPROVED');--> statement-breakpoint
CREATE INDEX "pending_actions_status_idx" ON "pending_actions" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "pending_actions_unfinished_idx" ON "pending_actions" USING btree ("run_lease_until") WHERE "pending_actions"."status" = 'APPROVED';--> statement-breakpoint
CREATE INDEX "pending_actions_expiry_idx" ON "pending_actions" USING btree ("expires_at") WHERE "pending_actions"."status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
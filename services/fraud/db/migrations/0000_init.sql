CREATE TABLE "contacts" (
	"owner_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"active" boolean NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contacts_owner_id_contact_id_pk" PRIMARY KEY("owner_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "counted_transfers" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"counted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"user_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"decision" text NOT NULL,
	"score" integer NOT NULL,
	"rules_fired" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"notes" text,
	"settled_at" timestamp with time zone,
	"settle_attempts" integer DEFAULT 0 NOT NULL,
	"next_settle_at" timestamp with time zone,
	"settle_error" text,
	"settle_gave_up_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fraud_cases_transaction_key" UNIQUE("transaction_id"),
	CONSTRAINT "fraud_cases_amount_check" CHECK ("fraud_cases"."amount" > 0),
	CONSTRAINT "fraud_cases_decision_check" CHECK ("fraud_cases"."decision" in ('REVIEW', 'BLOCK')),
	CONSTRAINT "fraud_cases_status_check" CHECK ("fraud_cases"."status" in ('OPEN', 'REVIEWED')),
	CONSTRAINT "fraud_cases_outcome_check" CHECK ("fraud_cases"."outcome" in ('APPROVED', 'BLOCKED')),
	CONSTRAINT "fraud_cases_open_check" CHECK (("fraud_cases"."status" = 'OPEN') = ("fraud_cases"."outcome" is null)),
	CONSTRAINT "fraud_cases_reviewed_at_check" CHECK (("fraud_cases"."status" = 'OPEN') = ("fraud_cases"."reviewed_at" is null)),
	CONSTRAINT "fraud_cases_block_check" CHECK ("fraud_cases"."decision" <> 'BLOCK' or ("fraud_cases"."status" = 'REVIEWED' and "fraud_cases"."outcome" = 'BLOCKED')),
	CONSTRAINT "fraud_cases_reviewer_check" CHECK ("fraud_cases"."decision" <> 'REVIEW' or "fraud_cases"."status" = 'OPEN' or "fraud_cases"."reviewed_by" is not null),
	CONSTRAINT "fraud_cases_settled_check" CHECK ("fraud_cases"."settled_at" is null or "fraud_cases"."status" = 'REVIEWED')
);
--> statement-breakpoint
CREATE TABLE "known_recipients" (
	"user_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"first_paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "known_recipients_user_id_recipient_id_pk" PRIMARY KEY("user_id","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "sanctions" (
	"user_id" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scorings" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"transaction_type" text NOT NULL,
	"country" text,
	"decision" text NOT NULL,
	"score" integer NOT NULL,
	"rules_fired" jsonb NOT NULL,
	"reason" text NOT NULL,
	"case_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorings_amount_check" CHECK ("scorings"."amount" > 0),
	CONSTRAINT "scorings_decision_check" CHECK ("scorings"."decision" in ('ALLOW', 'REVIEW', 'BLOCK')),
	CONSTRAINT "scorings_case_check" CHECK (("scorings"."decision" = 'ALLOW') = ("scorings"."case_id" is null)),
	CONSTRAINT "scorings_country_check" CHECK ("scorings"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "sender_stats" (
	"user_id" text PRIMARY KEY NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"mean" numeric DEFAULT '0' NOT NULL,
	"m2" numeric DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sender_stats_count_check" CHECK ("sender_stats"."count" >= 0),
	CONSTRAINT "sender_stats_m2_check" CHECK ("sender_stats"."m2" >= 0)
);
--> statement-breakpoint
CREATE TABLE "user_countries" (
	"user_id" text NOT NULL,
	"country" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_countries_user_id_country_pk" PRIMARY KEY("user_id","country"),
	CONSTRAINT "user_countries_country_check" CHECK ("user_countries"."country" ~ '^[A-Z]{2}$')
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
CREATE INDEX "fraud_cases_queue_idx" ON "fraud_cases" USING btree ("status","decision","created_at","id");--> statement-breakpoint
CREATE INDEX "fraud_cases_settle_idx" ON "fraud_cases" USING btree ("next_settle_at") WHERE "fraud_cases"."status" = 'REVIEWED' and "fraud_cases"."settled_at" is null and "fraud_cases"."settle_gave_up_at" is null;--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
CREATE TABLE "budget_alerts" (
	"user_id" text NOT NULL,
	"category" text NOT NULL,
	"year_month" varchar(7) NOT NULL,
	"threshold_percent" integer NOT NULL,
	"budget_id" uuid NOT NULL,
	"used_cents" bigint NOT NULL,
	"limit_cents" bigint NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_alerts_user_id_category_year_month_threshold_percent_pk" PRIMARY KEY("user_id","category","year_month","threshold_percent"),
	CONSTRAINT "budget_alerts_threshold_check" CHECK ("budget_alerts"."threshold_percent" in (80, 100)),
	CONSTRAINT "budget_alerts_category_check" CHECK ("budget_alerts"."category" in ('FOOD', 'TRANSPORT', 'ENTERTAINMENT', 'UTILITIES', 'OTHER'))
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"category" text NOT NULL,
	"limit_cents" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_user_category_key" UNIQUE("user_id","category"),
	CONSTRAINT "budgets_category_check" CHECK ("budgets"."category" in ('FOOD', 'TRANSPORT', 'ENTERTAINMENT', 'UTILITIES', 'OTHER')),
	CONSTRAINT "budgets_limit_check" CHECK ("budgets"."limit_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "merchant_aggregates" (
	"user_id" text NOT NULL,
	"year_month" varchar(7) NOT NULL,
	"merchant_key" text NOT NULL,
	"merchant" text NOT NULL,
	"total_cents" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "merchant_aggregates_user_id_year_month_merchant_key_pk" PRIMARY KEY("user_id","year_month","merchant_key"),
	CONSTRAINT "merchant_aggregates_positive_check" CHECK ("merchant_aggregates"."total_cents" > 0 and "merchant_aggregates"."count" > 0)
);
--> statement-breakpoint
CREATE TABLE "monthly_aggregates" (
	"user_id" text NOT NULL,
	"year_month" varchar(7) NOT NULL,
	"direction" text NOT NULL,
	"category" text NOT NULL,
	"total_cents" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "monthly_aggregates_user_id_year_month_direction_category_pk" PRIMARY KEY("user_id","year_month","direction","category"),
	CONSTRAINT "monthly_aggregates_direction_check" CHECK ("monthly_aggregates"."direction" in ('SPEND', 'RECEIVE')),
	CONSTRAINT "monthly_aggregates_category_check" CHECK ("monthly_aggregates"."category" in ('FOOD', 'TRANSPORT', 'ENTERTAINMENT', 'UTILITIES', 'OTHER')),
	CONSTRAINT "monthly_aggregates_positive_check" CHECK ("monthly_aggregates"."total_cents" > 0 and "monthly_aggregates"."count" > 0)
);
--> statement-breakpoint
CREATE TABLE "reversals" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"reversed_at" timestamp with time zone NOT NULL,
	"event_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spend_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"user_id" text NOT NULL,
	"direction" text NOT NULL,
	"counterparty_id" text NOT NULL,
	"transaction_type" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"category" text NOT NULL,
	"category_source" text NOT NULL,
	"merchant" text,
	"merchant_key" text,
	"description" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"year_month" varchar(7) NOT NULL,
	"event_id" uuid NOT NULL,
	"reversed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spend_events_transaction_party_key" UNIQUE("transaction_id","user_id","direction"),
	CONSTRAINT "spend_events_direction_check" CHECK ("spend_events"."direction" in ('SPEND', 'RECEIVE')),
	CONSTRAINT "spend_events_amount_check" CHECK ("spend_events"."amount_cents" > 0),
	CONSTRAINT "spend_events_category_check" CHECK ("spend_events"."category" in ('FOOD', 'TRANSPORT', 'ENTERTAINMENT', 'UTILITIES', 'OTHER')),
	CONSTRAINT "spend_events_category_source_check" CHECK ("spend_events"."category_source" in ('USER', 'KEYWORD', 'DEFAULT')),
	CONSTRAINT "spend_events_year_month_check" CHECK ("spend_events"."year_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "spend_events_merchant_check" CHECK (("spend_events"."merchant" is null) = ("spend_events"."merchant_key" is null))
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
CREATE INDEX "spend_events_user_month_idx" ON "spend_events" USING btree ("user_id","year_month");--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
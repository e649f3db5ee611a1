CREATE TABLE "bill_splits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"creator_id" text NOT NULL,
	"title" text NOT NULL,
	"total_cents" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bill_splits_creator_id_check" CHECK (char_length("bill_splits"."creator_id") between 1 and 64),
	CONSTRAINT "bill_splits_title_check" CHECK (char_length("bill_splits"."title") between 1 and 255),
	CONSTRAINT "bill_splits_total_check" CHECK ("bill_splits"."total_cents" between 1 and 100000000000),
	CONSTRAINT "bill_splits_currency_check" CHECK ("bill_splits"."currency" = 'USD'),
	CONSTRAINT "bill_splits_status_check" CHECK ("bill_splits"."status" in ('OPEN', 'SETTLED')),
	CONSTRAINT "bill_splits_settled_at_check" CHECK (("bill_splits"."status" = 'SETTLED') = ("bill_splits"."settled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contacts_owner_id_check" CHECK (char_length("contacts"."owner_id") between 1 and 64),
	CONSTRAINT "contacts_contact_id_check" CHECK (char_length("contacts"."contact_id") between 1 and 64),
	CONSTRAINT "contacts_not_self_check" CHECK ("contacts"."owner_id" <> "contacts"."contact_id")
);
--> statement-breakpoint
CREATE TABLE "money_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requester_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"note" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"transaction_id" text,
	"failure_code" text,
	"failure_reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	CONSTRAINT "money_requests_requester_id_check" CHECK (char_length("money_requests"."requester_id") between 1 and 64),
	CONSTRAINT "money_requests_recipient_id_check" CHECK (char_length("money_requests"."recipient_id") between 1 and 64),
	CONSTRAINT "money_requests_not_self_check" CHECK ("money_requests"."requester_id" <> "money_requests"."recipient_id"),
	CONSTRAINT "money_requests_amount_check" CHECK ("money_requests"."amount" between 1 and 100000000000),
	CONSTRAINT "money_requests_currency_check" CHECK ("money_requests"."currency" = 'USD'),
	CONSTRAINT "money_requests_note_check" CHECK ("money_requests"."note" is null or char_length("money_requests"."note") between 1 and 255),
	CONSTRAINT "money_requests_status_check" CHECK ("money_requests"."status" in ('PENDING', 'ACCEPTED', 'PAID', 'FAILED', 'DECLINED', 'CANCELLED', 'EXPIRED')),
	CONSTRAINT "money_requests_accepted_at_check" CHECK ("money_requests"."status" not in ('ACCEPTED', 'PAID', 'FAILED') or "money_requests"."accepted_at" is not null),
	CONSTRAINT "money_requests_paid_check" CHECK ("money_requests"."status" <> 'PAID' or ("money_requests"."transaction_id" is not null and "money_requests"."paid_at" is not null)),
	CONSTRAINT "money_requests_failed_check" CHECK ("money_requests"."status" <> 'FAILED' or ("money_requests"."failure_code" is not null and "money_requests"."failed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "split_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"split_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"transaction_id" text,
	"payment_attempt" integer DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "split_participants_user_id_check" CHECK (char_length("split_participants"."user_id") between 1 and 64),
	CONSTRAINT "split_participants_amount_check" CHECK ("split_participants"."amount_cents" between 1 and 100000000000),
	CONSTRAINT "split_participants_status_check" CHECK ("split_participants"."status" in ('PENDING', 'PAID')),
	CONSTRAINT "split_participants_paid_at_check" CHECK (("split_participants"."status" = 'PAID') = ("split_participants"."paid_at" is not null)),
	CONSTRAINT "split_participants_attempt_check" CHECK ("split_participants"."payment_attempt" >= 0)
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
ALTER TABLE "split_participants" ADD CONSTRAINT "split_participants_split_id_fk" FOREIGN KEY ("split_id") REFERENCES "public"."bill_splits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bill_splits_creator_listing_idx" ON "bill_splits" USING btree ("creator_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_owner_contact_key" ON "contacts" USING btree ("owner_id","contact_id");--> statement-breakpoint
CREATE INDEX "contacts_owner_listing_idx" ON "contacts" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "money_requests_requester_listing_idx" ON "money_requests" USING btree ("requester_id","created_at","id");--> statement-breakpoint
CREATE INDEX "money_requests_recipient_listing_idx" ON "money_requests" USING btree ("recipient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "money_requests_pending_expiry_idx" ON "money_requests" USING btree ("expires_at") WHERE "money_requests"."status" = 'PENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "split_participants_split_user_key" ON "split_participants" USING btree ("split_id","user_id");--> statement-breakpoint
CREATE INDEX "split_participants_user_idx" ON "split_participants" USING btree ("user_id","split_id");--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
CREATE TABLE "kyc_document_access_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"admin_id" text NOT NULL,
	"accessed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kyc_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"profile_id" uuid NOT NULL,
	"type" text NOT NULL,
	"doc_name" text,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kyc_documents_type_check" CHECK ("kyc_documents"."type" in ('PASSPORT', 'DRIVERS_LICENSE', 'SELFIE', 'UTILITY_BILL', 'OTHER')),
	CONSTRAINT "kyc_documents_status_check" CHECK ("kyc_documents"."status" in ('PENDING', 'ACCEPTED', 'REJECTED')),
	CONSTRAINT "kyc_documents_content_type_check" CHECK ("kyc_documents"."content_type" in ('image/jpeg', 'image/png', 'application/pdf')),
	CONSTRAINT "kyc_documents_size_check" CHECK ("kyc_documents"."size_bytes" between 1 and 10485760),
	CONSTRAINT "kyc_documents_sha256_check" CHECK ("kyc_documents"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "kyc_documents_doc_name_check" CHECK ("kyc_documents"."doc_name" is null or char_length("kyc_documents"."doc_name") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "kyc_object_cleanup" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"delete_after" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kyc_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"tier" text DEFAULT 'UNVERIFIED' NOT NULL,
	"status" text DEFAULT 'NONE' NOT NULL,
	"rejection_reason" text,
	"submitted_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kyc_profiles_user_id_check" CHECK (char_length("kyc_profiles"."user_id") between 1 and 64),
	CONSTRAINT "kyc_profiles_tier_check" CHECK ("kyc_profiles"."tier" in ('UNVERIFIED', 'BASIC', 'VERIFIED')),
	CONSTRAINT "kyc_profiles_status_check" CHECK ("kyc_profiles"."status" in ('NONE', 'PENDING_REVIEW', 'APPROVED', 'REJECTED')),
	CONSTRAINT "kyc_profiles_pending_submitted_check" CHECK ("kyc_profiles"."status" <> 'PENDING_REVIEW' or "kyc_profiles"."submitted_at" is not null),
	CONSTRAINT "kyc_profiles_verified_at_check" CHECK ("kyc_profiles"."tier" <> 'VERIFIED' or "kyc_profiles"."verified_at" is not null),
	CONSTRAINT "kyc_profiles_rejection_reason_check" CHECK (char_length("kyc_profiles"."rejection_reason") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "tier_limits" (
	"tier" text PRIMARY KEY NOT NULL,
	"per_txn_cents" bigint NOT NULL,
	"daily_cents" bigint NOT NULL,
	"monthly_cents" bigint NOT NULL,
	"deposit_per_txn_cents" bigint NOT NULL,
	"deposit_daily_cents" bigint NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tier_limits_tier_check" CHECK ("tier_limits"."tier" in ('UNVERIFIED', 'BASIC', 'VERIFIED')),
	CONSTRAINT "tier_limits_positive_check" CHECK ("tier_limits"."per_txn_cents" > 0 and "tier_limits"."deposit_per_txn_cents" > 0),
	CONSTRAINT "tier_limits_transfer_order_check" CHECK ("tier_limits"."per_txn_cents" <= "tier_limits"."daily_cents" and "tier_limits"."daily_cents" <= "tier_limits"."monthly_cents"),
	CONSTRAINT "tier_limits_deposit_order_check" CHECK ("tier_limits"."deposit_per_txn_cents" <= "tier_limits"."deposit_daily_cents")
);
--> statement-breakpoint
CREATE TABLE "kyc_webhook_receipts" (
	"signature_hash" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
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
ALTER TABLE "kyc_documents" ADD CONSTRAINT "kyc_documents_profile_id_kyc_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."kyc_profiles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kyc_document_access_log_document_idx" ON "kyc_document_access_log" USING btree ("document_id","accessed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "kyc_documents_profile_type_key" ON "kyc_documents" USING btree ("profile_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "kyc_documents_storage_key_key" ON "kyc_documents" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "kyc_object_cleanup_due_idx" ON "kyc_object_cleanup" USING btree ("delete_after");--> statement-breakpoint
CREATE UNIQUE INDEX "kyc_profiles_user_id_key" ON "kyc_profiles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "kyc_profiles_pending_idx" ON "kyc_profiles" USING btree ("submitted_at","id") WHERE "kyc_profiles"."status" = 'PENDING_REVIEW';--> statement-breakpoint
CREATE INDEX "kyc_webhook_receipts_received_idx" ON "kyc_webhook_receipts" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "dead_letters" USING btree ("consumer","failed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;
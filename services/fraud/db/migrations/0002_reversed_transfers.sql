ALTER TABLE "counted_transfers" ADD COLUMN "recipient_id" text;--> statement-breakpoint
ALTER TABLE "counted_transfers" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "counted_transfers_user_idx" ON "counted_transfers" USING btree ("user_id","recipient_id");
CREATE TABLE "reversed_share_payments" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"split_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"reversed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reversed_share_payments_user_id_check" CHECK (char_length("reversed_share_payments"."user_id") between 1 and 64)
);
--> statement-breakpoint
ALTER TABLE "money_requests" DROP CONSTRAINT "money_requests_status_check";--> statement-breakpoint
ALTER TABLE "money_requests" DROP CONSTRAINT "money_requests_accepted_at_check";--> statement-breakpoint
ALTER TABLE "money_requests" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reversed_share_payments" ADD CONSTRAINT "reversed_share_payments_split_id_fk" FOREIGN KEY ("split_id") REFERENCES "public"."bill_splits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "money_requests" ADD CONSTRAINT "money_requests_reversed_check" CHECK ("money_requests"."status" <> 'REVERSED' or ("money_requests"."transaction_id" is not null and "money_requests"."reversed_at" is not null));--> statement-breakpoint
ALTER TABLE "money_requests" ADD CONSTRAINT "money_requests_status_check" CHECK ("money_requests"."status" in ('PENDING', 'ACCEPTED', 'PAID', 'FAILED', 'REVERSED', 'DECLINED', 'CANCELLED', 'EXPIRED'));--> statement-breakpoint
ALTER TABLE "money_requests" ADD CONSTRAINT "money_requests_accepted_at_check" CHECK ("money_requests"."status" not in ('ACCEPTED', 'PAID', 'FAILED', 'REVERSED') or "money_requests"."accepted_at" is not null);
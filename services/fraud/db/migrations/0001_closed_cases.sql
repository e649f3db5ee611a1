ALTER TABLE "fraud_cases" DROP CONSTRAINT "fraud_cases_status_check";--> statement-breakpoint
ALTER TABLE "fraud_cases" DROP CONSTRAINT "fraud_cases_open_check";--> statement-breakpoint
ALTER TABLE "fraud_cases" DROP CONSTRAINT "fraud_cases_reviewer_check";--> statement-breakpoint
ALTER TABLE "fraud_cases" ADD CONSTRAINT "fraud_cases_status_check" CHECK ("fraud_cases"."status" in ('OPEN', 'REVIEWED', 'CLOSED'));--> statement-breakpoint
ALTER TABLE "fraud_cases" ADD CONSTRAINT "fraud_cases_open_check" CHECK (("fraud_cases"."status" = 'REVIEWED') = ("fraud_cases"."outcome" is not null));--> statement-breakpoint
ALTER TABLE "fraud_cases" ADD CONSTRAINT "fraud_cases_reviewer_check" CHECK ("fraud_cases"."decision" <> 'REVIEW' or "fraud_cases"."status" <> 'REVIEWED' or "fraud_cases"."reviewed_by" is not null);
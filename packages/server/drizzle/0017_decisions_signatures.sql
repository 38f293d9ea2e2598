ALTER TABLE "expert_reviews" ADD COLUMN "no_conflict_declared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "title" text;
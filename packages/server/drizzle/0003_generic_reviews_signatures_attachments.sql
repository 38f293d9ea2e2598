DROP TABLE "task_book_attachments" CASCADE;--> statement-breakpoint
DROP TABLE "task_book_reviews" CASCADE;--> statement-breakpoint
DROP TABLE "task_book_signatures" CASCADE;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;
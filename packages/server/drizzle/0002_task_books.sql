CREATE TABLE "organisation_keys" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_book_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_book_id" uuid NOT NULL,
	"pilot_id" uuid NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"from_version" integer NOT NULL,
	"to_version" integer,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_book_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_book_id" uuid NOT NULL,
	"pilot_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sm3" varchar(64) NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_book_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_book_id" uuid NOT NULL,
	"pilot_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"section_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"by_user_id" uuid NOT NULL,
	"by_name" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_book_sections" (
	"task_book_id" uuid NOT NULL,
	"pilot_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"content" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "task_book_sections_task_book_id_n_pk" PRIMARY KEY("task_book_id","n")
);
--> statement-breakpoint
CREATE TABLE "task_book_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_book_id" uuid NOT NULL,
	"pilot_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"party" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"signer_user_id" uuid NOT NULL,
	"signer_name" text NOT NULL,
	"signer_title" text NOT NULL,
	"signed_on" date NOT NULL,
	"digest" varchar(64) NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_book_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_book_id" uuid NOT NULL,
	"pilot_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"digest" varchar(64) NOT NULL,
	"amendment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "task_books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pilot_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"deadline_extended_to" date,
	"open_amendment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "indicator_system_code" varchar(40) DEFAULT 'MOHURD-2012' NOT NULL;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "required_indicator_codes" jsonb;--> statement-breakpoint
ALTER TABLE "organisation_keys" ADD CONSTRAINT "organisation_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_amendments" ADD CONSTRAINT "task_book_amendments_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_amendments" ADD CONSTRAINT "task_book_amendments_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_attachments" ADD CONSTRAINT "task_book_attachments_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_attachments" ADD CONSTRAINT "task_book_attachments_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_reviews" ADD CONSTRAINT "task_book_reviews_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_reviews" ADD CONSTRAINT "task_book_reviews_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_sections" ADD CONSTRAINT "task_book_sections_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_sections" ADD CONSTRAINT "task_book_sections_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_signatures" ADD CONSTRAINT "task_book_signatures_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_signatures" ADD CONSTRAINT "task_book_signatures_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_versions" ADD CONSTRAINT "task_book_versions_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_versions" ADD CONSTRAINT "task_book_versions_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_books" ADD CONSTRAINT "task_books_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_books" ADD CONSTRAINT "task_books_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_book_reviews_tb_idx" ON "task_book_reviews" USING btree ("task_book_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_book_signatures_uq" ON "task_book_signatures" USING btree ("task_book_id","version_number","party");--> statement-breakpoint
CREATE UNIQUE INDEX "task_book_versions_uq" ON "task_book_versions" USING btree ("task_book_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "task_books_pilot_batch_uq" ON "task_books" USING btree ("pilot_id","batch_id");--> statement-breakpoint
CREATE INDEX "task_books_status_idx" ON "task_books" USING btree ("status");
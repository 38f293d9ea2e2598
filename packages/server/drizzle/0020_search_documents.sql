-- custom: trigram matching for partial words of three or more characters (PGlite loads the contrib module at open)
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "search_documents" (
	"pilot_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"lexemes" "tsvector" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_documents_pilot_id_subject_type_subject_id_pk" PRIMARY KEY("pilot_id","subject_type","subject_id")
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_documents_lexemes_idx" ON "search_documents" USING gin ("lexemes");--> statement-breakpoint
CREATE INDEX "search_documents_body_trgm_idx" ON "search_documents" USING gin ("body" gin_trgm_ops);
-- custom: rows already there are indexed at start-up (search/search-index.repository.ts indexMissing): segmentation is done in code

import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** A value as its schema's JSON, checked as the route's serializer checks it (a mismatch throws, a 500). */
export const checkedJson = <S extends z.ZodType>(schema: S, value: z.output<S>): string => JSON.stringify(schema.encode(value));

/** Sends JSON already checked against the route's schema: Fastify passes a JSON-typed string through as it is. */
export const sendJson = (reply: FastifyReply, json: string) => reply.type('application/json; charset=utf-8').send(json);

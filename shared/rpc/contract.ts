import type { z } from "zod";

export interface MethodDefinition<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
  /** Safe to call twice with the same input; only such methods are retried by clients. */
  idempotent: boolean;
  description?: string;
}

export interface Contract<M extends Record<string, MethodDefinition> = Record<string, MethodDefinition>> {
  service: string;
  methods: M;
}

export function method<Req extends z.ZodType, Res extends z.ZodType>(def: {
  request: Req;
  response: Res;
  idempotent?: boolean;
  description?: string;
}): MethodDefinition<Req, Res> {
  return { idempotent: false, ...def };
}

const METHOD_NAME = /^[a-z][A-Za-z0-9]*$/;

export function defineContract<M extends Record<string, MethodDefinition>>(service: string, methods: M): Contract<M> {
  for (const name of Object.keys(methods)) {
    if (!METHOD_NAME.test(name)) throw new Error(`RPC method name "${service}.${name}" must be camelCase`);
  }
  return { service, methods };
}

export const rpcSubject = (service: string, methodName: string) => `mint.${service}.${methodName}`;

/** Header carrying the absolute deadline (epoch milliseconds) of a call. */
export const DEADLINE_HEADER = "Mint-Deadline";

export type RequestOf<C extends Contract, K extends keyof C["methods"]> = z.output<C["methods"][K]["request"]>;
export type ResponseOf<C extends Contract, K extends keyof C["methods"]> = z.output<C["methods"][K]["response"]>;

import ChowChow, { ChowError } from 'oas3-chow-chow';
import request from 'supertest';
import type { App } from 'supertest/types';

/** One request of the suite: what a client sends. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** X-User; none sends no header. */
  user?: string;
  /** Accept; none sends no header (a client that asks for nothing gets HTML). */
  accept?: string;
  body?: string | object;
  contentType?: string;
  /** Any other headers. */
  headers?: Record<string, string>;
}

/** A live answer, checked: the operation it answered and what, if anything, mismatched. */
export interface CheckedAnswer {
  label: string;
  /** The request's Accept header, if it sent one. */
  accept: string | undefined;
  operationId: string | undefined;
  status: number;
  /** The answer's media type, without parameters; none for an empty answer. */
  type: string | undefined;
  problem?: string;
}

interface DescribedOperation {
  method: string;
  pattern: RegExp;
  operationId: string;
  statuses: string[];
}

/** The parts of the served description the check reads and the specs edit. */
export interface ServedDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<
          string,
          {
            content?: Record<string, unknown>;
            headers?: Record<string, unknown>;
          }
        >;
      }
    >
  >;
  components: {
    schemas: Record<
      string,
      { properties: Record<string, unknown>; required?: string[] }
    >;
  };
}

/** Validators by the description they check: compiling one takes seconds. */
const compiled = new Map<string, ChowChow>();

/**
 * Sends requests to an app and checks every answer (status, content type,
 * body) against the description the app serves at /docs-json, with
 * oas3-chow-chow: a status the operation does not document, a content type
 * it does not declare for that status, or a body its schema refuses is a
 * mismatch, and so is a body without a content type. Objects are checked
 * closed: a field the description does not name is a mismatch too.
 */
export class DescriptionCheck {
  readonly answers: CheckedAnswer[] = [];

  private constructor(
    private readonly server: App,
    private readonly validator: ChowChow,
    readonly operations: DescribedOperation[],
  ) {}

  /**
   * A check against what `server` serves at /docs-json; `edit` changes the
   * description first, for the specs that show the check refuses a mismatch.
   */
  static async of(
    server: App,
    edit: (document: ServedDocument) => void = () => {},
  ): Promise<DescriptionCheck> {
    const served = await request(server).get('/docs-json');
    if (served.status !== 200) {
      throw new Error(`/docs-json answered ${served.status}`);
    }
    const document = served.body as ServedDocument;
    edit(document);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method: method.toUpperCase(),
        pattern: new RegExp(
          `^${path.replace(/\{\w+\}/g, '[^/]+').replace(/\//g, '\\/')}$`,
        ),
        operationId: operation.operationId,
        statuses: Object.keys(operation.responses),
      })),
    );
    const key = JSON.stringify(document);
    const validator =
      compiled.get(key) ??
      (await ChowChow.create(closed(JSON.parse(key) as ServedDocument), {
        // Header values are text on the wire: read them as their schema types.
        headerAjvOptions: { coerceTypes: true },
      }));
    compiled.set(key, validator);
    return new DescriptionCheck(server, validator, operations);
  }

  /** Sends `sent`, checks the answer and keeps the result in `answers`. */
  async send(sent: ApiRequest): Promise<request.Response> {
    const agent = request(this.server);
    let test = (() => {
      switch (sent.method) {
        case 'GET':
          return agent.get(sent.path);
        case 'POST':
          return agent.post(sent.path);
        case 'PUT':
          return agent.put(sent.path);
        case 'DELETE':
          return agent.delete(sent.path);
      }
    })();
    if (sent.user !== undefined) test = test.set('X-User', sent.user);
    test =
      sent.accept === undefined
        ? test.unset('Accept')
        : test.set('Accept', sent.accept);
    if (sent.contentType) test = test.set('Content-Type', sent.contentType);
    for (const [name, value] of Object.entries(sent.headers ?? {})) {
      test = test.set(name, value);
    }
    if (sent.body !== undefined) test = test.send(sent.body);
    const res = await test;
    this.answers.push(this.check(sent, res));
    return res;
  }

  private check(sent: ApiRequest, res: request.Response): CheckedAnswer {
    const label = `${sent.method} ${sent.path} as ${sent.user ?? 'nobody named'}, Accept ${sent.accept ?? 'absent'}`;
    const pathname = sent.path.split('?')[0];
    const operationId = this.operations.find(
      (operation) =>
        operation.method === sent.method && operation.pattern.test(pathname),
    )?.operationId;
    const type = res.headers['content-type'] as string | undefined;
    const answer = {
      label,
      accept: sent.accept,
      operationId,
      status: res.status,
      type: type?.split(';')[0],
    };
    const text = res.text ?? '';
    if (type === undefined && text !== '') {
      return { ...answer, problem: 'a body without a content type' };
    }
    try {
      this.validator.validateResponseByPath(
        pathname,
        sent.method.toLowerCase(),
        {
          status: res.status,
          header: res.headers,
          body: type?.startsWith('application/json')
            ? (JSON.parse(text) as unknown)
            : text,
        },
      );
      return answer;
    } catch (error) {
      if (!(error instanceof ChowError)) throw error;
      const details = (error.meta.rawErrors ?? []).map((raw) => raw.error);
      return {
        ...answer,
        problem: [
          `${error.message} (${res.status}, ${type ?? 'no content type'})`,
          ...details,
        ].join(': '),
      };
    }
  }
}

/** `document` with every object schema closed to fields it does not name. */
function closed<T>(document: T): T {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    if (
      schema.type === 'object' &&
      typeof schema.properties === 'object' &&
      schema.additionalProperties === undefined
    ) {
      schema.additionalProperties = false;
    }
    Object.values(schema).forEach(walk);
  };
  walk(document);
  return document;
}

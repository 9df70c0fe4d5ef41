import type { Request } from 'express';
import express from 'express';
import { prefersHtml } from './prefers-html';

/** A real Express request with this Accept header (none when undefined). */
function requestWith(accept: string | undefined): Request {
  const request = Object.create(express.request) as Request;
  request.headers = accept === undefined ? {} : { accept };
  return request;
}

describe('prefersHtml', () => {
  it.each([
    ['no Accept', undefined],
    ['*/*', '*/*'],
    ['a browser', 'text/html,application/xhtml+xml,*/*;q=0.8'],
    ['text/html', 'text/html'],
    ['a type it has neither of', 'text/plain'],
    ['JSON refused', 'application/json;q=0'],
  ])('answers HTML to %s', (_label, accept) => {
    expect(prefersHtml(requestWith(accept))).toBe(true);
  });

  it.each([
    ['application/json', 'application/json'],
    ['JSON with a charset', 'application/json; charset=utf-8'],
    ['a +json type', 'application/problem+json'],
    ['any +json type', 'application/*+json'],
    ['axios', 'application/json, text/plain, */*'],
    ['JSON first', 'application/json, text/html;q=0.5'],
    ['application/*', 'application/*'],
  ])('answers JSON to %s', (_label, accept) => {
    expect(prefersHtml(requestWith(accept))).toBe(false);
  });
});

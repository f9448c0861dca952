import { expect } from '@jest/globals';
import type { HttpResult } from './http.js';
import { obj } from './http.js';
import type { Operation, ZohoContract } from './zoho-contract.js';

export interface ContractExpect {
  /** The answer fits the operation's declared status and the record.json component it claims to be. */
  expectValid(res: HttpResult, schema: 'Response_Wrapper' | 'API_Exception'): void;
  /** A 400 with exactly this Zoho error, valid against the OAS. */
  expectRefused(res: Promise<HttpResult>, code: string, message: string, details: Record<string, unknown>): Promise<void>;
}

/** The assertions every fidelity spec makes against one operation of Zoho's OpenAPI contract. */
export function contractExpect(contract: () => ZohoContract, op: Operation): ContractExpect {
  const expectValid = (res: HttpResult, schema: 'Response_Wrapper' | 'API_Exception'): void => {
    expect(contract().validateResponse(op, res.status, res.body)).toEqual([]);
    expect(contract().validateComponent('record.json', schema, res.body ?? null)).toEqual([]);
  };
  return {
    expectValid,
    async expectRefused(res, code, message, details) {
      const answer = await res;
      expect([answer.status, obj(answer.body)]).toEqual([400, { code, message, details, status: 'error' }]);
      expectValid(answer, 'API_Exception');
    },
  };
}

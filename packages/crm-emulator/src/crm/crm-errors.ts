import type { JsonObject } from '../core/json.js';

/**
 * The messages Zoho sends with each code. Where Zoho's OpenAPI enumerates a message we use that exact
 * string; the others are what Zoho sends in practice.
 */
export const CRM_ERROR_MESSAGES = {
  INVALID_TOKEN: 'invalid oauth token',
  AUTHENTICATION_FAILURE: 'Authentication failed',
  OAUTH_SCOPE_MISMATCH: 'invalid oauth scope to access this URL',
  TOO_MANY_REQUESTS: 'You have made too many requests. Please try again after some time.',
  INTERNAL_ERROR: 'Internal server error occurred.',
  INVALID_URL_PATTERN: 'Please check if the URL trying to access is a correct one',
  INVALID_REQUEST_METHOD: 'The http request method type is not a valid one',
  INVALID_MODULE: 'The module name given seems to be invalid',
  INVALID_DATA: 'invalid data',
  INVALID_ID: 'the id given seems to be invalid',
  INVALID_BODY: 'body',
  MANDATORY_NOT_FOUND: 'required field not found',
  REQUIRED_PARAM_MISSING: 'One of the expected parameter is missing',
  EXPECTED_PARAM_MISSING: 'one of the expected parameter is missing',
  LIMIT_EXCEEDED: 'Record count exceeded',
  DISCRETE_PAGINATION_LIMIT_EXCEEDED: 'You can only get the first 2000 records without using page_token param',
  PAGINATION_LIMIT_EXCEEDED: 'You can only get upto 100000 records using page_token param',
  TOKEN_BOUND_DATA_MISMATCH: 'The page_token given seems to be invalid or input param is added or altered or deleted',
  AMBIGUITY_DURING_PROCESSING: 'Please use either page or page_token. Combination of both the params is not allowed',
  EXPIRED_VALUE: 'Page token expired',
  INVALID_QUERY: 'invalid query formed',
  INVALID_OPERATOR: 'invalid operator found',
  IN_LIMIT: 'Only 100 values are allowed in "IN" criteria',
  LIMIT_REACHED: 'maximum response iteration limit reached',
  CRITERIA_LIMIT_EXCEEDED: 'no of criterium that can be given exceed the limit 15',
  SHORT_WORD: 'provide atleast 2 letters for search',
  SHORT_PHONE: 'provide atleast 3 digits for search',
  DUPLICATE_DATA: 'duplicate data',
  NOT_EMULATED: 'Please check if the URL trying to access is a correct one',
} as const;

export type ZohoErrorCode =
  | 'INVALID_TOKEN'
  | 'AUTHENTICATION_FAILURE'
  | 'OAUTH_SCOPE_MISMATCH'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_ERROR'
  | 'INVALID_URL_PATTERN'
  | 'INVALID_REQUEST_METHOD'
  | 'INVALID_MODULE'
  | 'INVALID_DATA'
  | 'MANDATORY_NOT_FOUND'
  | 'REQUIRED_PARAM_MISSING'
  | 'EXPECTED_PARAM_MISSING'
  | 'LIMIT_EXCEEDED'
  | 'LIMIT_REACHED'
  | 'CRITERIA_LIMIT_EXCEEDED'
  | 'DISCRETE_PAGINATION_LIMIT_EXCEEDED'
  | 'PAGINATION_LIMIT_EXCEEDED'
  | 'TOKEN_BOUND_DATA_MISMATCH'
  | 'AMBIGUITY_DURING_PROCESSING'
  | 'EXPIRED_VALUE'
  | 'INVALID_QUERY'
  | 'DUPLICATE_DATA';

/** Zoho's error envelope: `{code, details, message, status: "error"}` — top level or per record. */
export interface ZohoError extends JsonObject {
  code: ZohoErrorCode;
  details: JsonObject;
  message: string;
  status: 'error';
}

export function zohoError(code: ZohoErrorCode, message: string, details: JsonObject = {}): ZohoError {
  return { code, details, message, status: 'error' };
}

export const invalidData = (details: JsonObject, message: string = CRM_ERROR_MESSAGES.INVALID_DATA): ZohoError =>
  zohoError('INVALID_DATA', message, details);

export const mandatoryNotFound = (apiName: string, jsonPath: string, layoutRule?: { name: string; id: string }): ZohoError =>
  zohoError(
    'MANDATORY_NOT_FOUND',
    CRM_ERROR_MESSAGES.MANDATORY_NOT_FOUND,
    layoutRule ? { layout_rule: layoutRule, api_name: apiName, json_path: jsonPath } : { api_name: apiName, json_path: jsonPath },
  );

// Wire formats: which service a request is for, and AWS-shaped success and error responses for each protocol.

import { encodeCbor } from "./cbor.ts";
import type { AwsError } from "./errors.ts";
import { escapeXml } from "./xml.ts";

/** CloudWatch's JSON 1.0 target prefix (`X-Amz-Target: GraniteServiceVersion20100801.PutMetricAlarm`). */
export const CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";
/** CloudWatch's XML namespace (awsQuery mode). */
export const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
/** STS's XML namespace. */
export const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** The AWS service a query-protocol request's `Version` belongs to. */
export function serviceOfVersion(version: string | undefined): "ec2" | "cloudwatch" | "sts" | undefined {
  switch (version) {
    case "2016-11-15":
      return "ec2";
    case "2010-08-01":
      return "cloudwatch";
    case "2011-06-15":
      return "sts";
    default:
      return undefined;
  }
}

/** JSON values with Dates as epoch seconds (the awsJson timestamp default). */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJsonValue(v)]),
    );
  }
  return value;
}

/** awsQuery XML for an output object: arrays as `<member>`, Dates as ISO 8601. */
export function toQueryXml(value: unknown): string {
  if (value instanceof Date) return escapeXml(value.toISOString());
  if (Array.isArray(value)) return value.map((v) => `<member>${toQueryXml(v)}</member>`).join("");
  if (value && typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toQueryXml(v)}</${k}>`)
      .join("");
  }
  return escapeXml(String(value));
}

function xml(body: string, status: number, requestId: string): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    status,
    headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
  });
}

/** An EC2 success response: `<OpResponse xmlns=…><requestId>…</requestId>…</OpResponse>`. */
export function ec2Response(operation: string, inner: string, requestId: string, xmlns: string): Response {
  return xml(
    `<${operation}Response xmlns="${xmlns}"><requestId>${requestId}</requestId>${inner}</${operation}Response>`,
    200,
    requestId,
  );
}

/** An EC2 error: `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…`. */
export function ec2Error(error: AwsError, requestId: string): Response {
  return xml(
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${
      escapeXml(error.message)
    }</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    error.status,
    requestId,
  );
}

/** An awsQuery success response (CloudWatch query mode, STS). */
export function queryResponse(
  operation: string,
  output: Record<string, unknown> | undefined,
  requestId: string,
  xmlns: string,
): Response {
  const result = output === undefined ? "" : `<${operation}Result>${toQueryXml(output)}</${operation}Result>`;
  return xml(
    `<${operation}Response xmlns="${xmlns}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
    200,
    requestId,
  );
}

/** An awsQuery error response (CloudWatch query mode, STS). */
export function queryError(error: AwsError, requestId: string, xmlns: string): Response {
  return xml(
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code><Message>${
      escapeXml(error.message)
    }</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    error.status,
    requestId,
  );
}

/** A JSON 1.0 success response. */
export function jsonResponse(output: Record<string, unknown> | undefined, requestId: string): Response {
  return new Response(JSON.stringify(toJsonValue(output ?? {})), {
    status: 200,
    headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": requestId },
  });
}

/** A Smithy RPC v2 CBOR success response (`smithy-protocol: rpc-v2-cbor`, `application/cbor`). */
export function cborResponse(output: Record<string, unknown> | undefined, requestId: string): Response {
  return new Response(encodeCbor(output ?? {}), {
    status: 200,
    headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor", "x-amzn-requestid": requestId },
  });
}

/** A Smithy RPC v2 CBOR error, query-compatible like the JSON one (`__type` + `x-amzn-query-error`). */
export function cborError(error: AwsError, requestId: string): Response {
  return new Response(encodeCbor({ __type: errorType(error), message: error.message }), {
    status: error.status,
    headers: {
      "content-type": "application/cbor",
      "smithy-protocol": "rpc-v2-cbor",
      "x-amzn-requestid": requestId,
      "x-amzn-query-error": `${error.code};${error.type}`,
    },
  });
}

/** CloudWatch's error shapes in JSON (`__type`), keyed by the awsQuery error code they are compatible with. */
const CLOUDWATCH_ERROR_SHAPES: Readonly<Record<string, string>> = {
  ValidationError: "ValidationException",
  InvalidParameterValue: "InvalidParameterValueException",
  InvalidParameterCombination: "InvalidParameterCombinationException",
  MissingParameter: "MissingRequiredParameterException",
  ResourceNotFound: "ResourceNotFound",
  InvalidNextToken: "InvalidNextToken",
  InvalidFormat: "InvalidFormatFault",
  LimitExceeded: "LimitExceededFault",
  InternalServiceError: "InternalServiceFault",
  ResourceNotFoundException: "ResourceNotFoundException",
};

/** The `__type` of a CloudWatch error: the Smithy shape id. */
function errorType(error: AwsError): string {
  const shape = CLOUDWATCH_ERROR_SHAPES[error.code];
  if (shape) return `com.amazonaws.cloudwatch#${shape}`;
  if (error.code === "Throttling") return "com.amazonaws.coral.availability#ThrottlingException";
  return `com.amazonaws.cloudwatch#${error.code}`;
}

/**
 * A JSON 1.0 error in awsQueryCompatible mode, as CloudWatch sends it: `__type` names the shape and the
 * `x-amzn-query-error: Code;Sender` header carries the query-era code the SDK reports.
 */
export function jsonError(error: AwsError, requestId: string): Response {
  return new Response(JSON.stringify({ __type: errorType(error), message: error.message }), {
    status: error.status,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": requestId,
      "x-amzn-query-error": `${error.code};${error.type}`,
    },
  });
}

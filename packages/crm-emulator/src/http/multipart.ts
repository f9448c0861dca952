/**
 * Just enough multipart/form-data to read the text fields the SDK posts to the token endpoint
 * (form-data package: CRLF line ends, `Content-Disposition: form-data; name="…"`).
 */
export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): Map<string, string> {
  const fields = new Map<string, string>();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      let value = part.subarray(headerEnd + 4);
      if (value.subarray(value.length - 2).toString() === '\r\n') value = value.subarray(0, value.length - 2);
      if (name !== undefined && !fields.has(name)) fields.set(name, value.toString('utf8'));
    }
    start = next;
  }
  return fields;
}

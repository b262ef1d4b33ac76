/** an error the API answers as `{"error": {"type", "message"}}` with its status */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

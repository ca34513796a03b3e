import type { BoardJson, TaskJson, TrendJson, UnitJson } from "#src/views/board/types.js";

/** An answer other than 2xx; status 0 when the network failed. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(status ? `HTTP ${status}` : "network error");
  }
}

/** The board's JSON API, every call signed with the Mini App's init data. */
export class BoardApi {
  constructor(private readonly initData: string) {}

  board(): Promise<BoardJson> {
    return this.json("/api/board");
  }

  unit(id: number): Promise<UnitJson> {
    return this.json(`/api/units/${encodeURIComponent(String(id))}`);
  }

  task(code: string): Promise<TaskJson> {
    return this.json(`/api/tasks/${encodeURIComponent(code)}`);
  }

  trend(days: number): Promise<TrendJson> {
    return this.json(`/api/trend?days=${days}`);
  }

  /** A report's photo as an object URL for an <img> (the browser cannot send the header itself); revoke it when done. */
  async photo(code: string, id: number): Promise<string> {
    const response = await this.fetch(`/api/tasks/${encodeURIComponent(code)}/photos/${id}`, "image/*");
    return URL.createObjectURL(await response.blob());
  }

  private async json<T>(path: string): Promise<T> {
    const response = await this.fetch(path, "application/json");
    return (await response.json()) as T;
  }

  private async fetch(path: string, accept: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, { headers: { Authorization: `tma ${this.initData}`, Accept: accept }, credentials: "omit" });
    } catch {
      throw new ApiError(0);
    }
    if (!response.ok) throw new ApiError(response.status);
    return response;
  }
}

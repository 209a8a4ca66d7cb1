// Just enough typing for @digitalbazaar/vc-bitstring-status-list; only bitstring.ts imports it.

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
}

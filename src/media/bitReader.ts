/**
 * Reads the bits of an H.264/HEVC NAL unit payload (RBSP): fixed-width fields and Exp-Golomb
 * codes. Emulation-prevention bytes (00 00 03) are removed first, as the specs require.
 */
export class BitstreamEnded extends Error {
  override readonly name = "BitstreamEnded";
}

export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let length = 0;
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}

export class BitReader {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  bit(): number {
    const byte = this.bytes[this.position >> 3];
    if (byte === undefined) throw new BitstreamEnded("The parameter set ends early.");
    const value = (byte >> (7 - (this.position & 7))) & 1;
    this.position++;
    return value;
  }

  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }

  flag(): boolean {
    return this.bit() === 1;
  }

  skip(count: number): void {
    if (this.position + count > this.bytes.length * 8) throw new BitstreamEnded("The parameter set ends early.");
    this.position += count;
  }

  /** Unsigned Exp-Golomb, ue(v). */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      zeros++;
      if (zeros > 31) throw new BitstreamEnded("An Exp-Golomb code is longer than 32 bits.");
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** Signed Exp-Golomb, se(v). */
  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : -(code / 2);
  }
}

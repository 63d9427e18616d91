/** A stand-in for stdout or stderr that keeps what the CLI writes to it. */
export function stream(): { write(text: string): boolean; text: string; isTTY: false } {
  return {
    text: '',
    isTTY: false,
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

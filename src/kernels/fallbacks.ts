// Which of our kernels handed a call to the stock kernel (a shape or dtype they do not cover), by name:
// tests read it to list what a training step still runs on stock code.
export const fallbacksSeen = new Set<string>();

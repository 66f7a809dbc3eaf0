// Toast actions. Errors stay until dismissed; other toasts leave on their own.
import { describeError } from '../ui/errors';
import { useStudio } from './store';
import type { ToastKind } from './toastSlice';

let nextId = 1;
const MAX_TOASTS = 4;

export function toast(kind: ToastKind, title: string, detail?: string): void {
  const id = nextId++;
  useStudio.setState((s) => ({ toasts: [...s.toasts, { id, kind, title, detail }].slice(-MAX_TOASTS) }));
  if (kind !== 'error') setTimeout(() => dismissToast(id), 6000);
}

export function toastError(e: unknown): void {
  const { title, detail } = describeError(e);
  toast('error', title, detail);
}

export function dismissToast(id: number): void {
  useStudio.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

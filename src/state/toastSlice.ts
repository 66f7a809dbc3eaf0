// Short messages after something finished (or failed), shown in a corner.
import type { StateCreator } from 'zustand';
import type { StudioState } from './store';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  detail?: string;
}

export interface ToastSlice {
  toasts: Toast[];
}

export const createToastSlice: StateCreator<StudioState, [], [], ToastSlice> = () => ({
  toasts: [],
});

// Small browser helpers for the Blazor pages: sign-in through Identity's cookie endpoint, theme memory, downloads, keys.
window.rear = {
  // The cookie must come from a browser request, not from the circuit. Answers "ok" or Identity's reason.
  signIn: async (email, password) => {
    try {
      const response = await fetch('/login?useCookies=true', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.ok) return 'ok';
      // Rate-limited: the seconds to wait travel with the reason ("TooManyRequests:42").
      if (response.status === 429) return 'TooManyRequests:' + (response.headers.get('Retry-After') || '');
      try { return (await response.json()).detail || 'Failed'; } catch { return 'Failed'; }
    } catch {
      return 'network';
    }
  },
  theme: {
    get: () => { try { return localStorage.getItem('rear.theme'); } catch { return null; } },
    set: (value) => { try { localStorage.setItem('rear.theme', value); } catch { } },
  },
  // Shortcut keys (the Annotate page's blind pairs: 1, 2, 3): calls dotnet.OnKey(key); ignored while typing in a field.
  // listen returns a handle for stop, which the component calls when it is disposed.
  keys: {
    next: 1,
    handlers: new Map(),
    listen: (dotnet, keys) => {
      const handler = (e) => {
        if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || !keys.includes(e.key)) return;
        const t = e.target;
        if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
        e.preventDefault();
        dotnet.invokeMethodAsync('OnKey', e.key).catch(() => { });
      };
      const id = window.rear.keys.next++;
      window.rear.keys.handlers.set(id, handler);
      document.addEventListener('keydown', handler);
      return id;
    },
    stop: (id) => {
      const handler = window.rear.keys.handlers.get(id);
      if (handler) document.removeEventListener('keydown', handler);
      window.rear.keys.handlers.delete(id);
    },
  },
};

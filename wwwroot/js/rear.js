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
      try { return (await response.json()).detail || 'Failed'; } catch { return 'Failed'; }
    } catch {
      return 'network';
    }
  },
  theme: {
    get: () => { try { return localStorage.getItem('rear.theme'); } catch { return null; } },
    set: (value) => { try { localStorage.setItem('rear.theme', value); } catch { } },
  },
};

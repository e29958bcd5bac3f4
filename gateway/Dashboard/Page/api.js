// Talks to the gateway: sign-in, the national status, and its changes as server-sent events. Every data request
// carries the user's bearer token; EventSource cannot send one, so the event stream is read through fetch.
const tokenKey = "relic.dashboard.token";

export const session = {
  get token() { return sessionStorage.getItem(tokenKey); },
  set token(value) { value ? sessionStorage.setItem(tokenKey, value) : sessionStorage.removeItem(tokenKey); },
};

export class SignInError extends Error {}

async function checked(response) {
  if (response.status === 401) throw new SignInError("The token was refused (expired, or not issued for this suite). 令牌无效");
  if (response.status === 403) throw new SignInError("This token may not read the status (needs scope status.read). 无权查看");
  if (!response.ok) throw new Error(`The gateway answered ${response.status}.`);
  return response;
}

export async function localSignInOffered() {
  const response = await fetch("/api/sign-in");
  return response.ok && (await response.json()).local === true;
}

export async function localSignIn(role, province) {
  const response = await checked(await fetch("/api/sign-in/local", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role, province }),
  }));
  return (await response.json()).token;
}

export async function readStatus(token) {
  const response = await checked(await fetch("/api/status", { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" }));
  return response.json();
}

// Calls onProvince(status) for each change until the stream ends or signal aborts; resolves when it ends.
export async function watchStatus(token, onProvince, onOpen, signal) {
  const response = await checked(await fetch("/api/status/events", { headers: { Authorization: `Bearer ${token}` }, signal }));
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    let end;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block.split("\n").filter(line => line.startsWith("data: ")).map(line => line.slice(6)).join("\n");
      if (data) onProvince(JSON.parse(data));
    }
  }
}

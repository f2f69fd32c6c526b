import { Frame } from "./common";

export function NotFound() {
  return (
    <Frame>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Go to my statements</a>.
      </p>
    </Frame>
  );
}

// The official SDK ships no type declarations; tests use it untyped on purpose (we test it as is).
declare module '@zohocrm/nodejs-sdk-8.0';

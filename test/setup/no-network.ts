// Tests never reach the internet: every HTTP request that is not to loopback fails at once.
import nock from "nock";

nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host));

// expect: ForbiddenSyscall
// Tries to phone home over TCP on loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(80);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  return {'c', 'o', 'n', 'n', 'e', 'c', 't', 'e', 'd'};
}

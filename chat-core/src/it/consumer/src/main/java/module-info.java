/** A program outside the project that uses chat-core the way any other would. */
module org.example.consumer {
    requires dev.linechat;
}
